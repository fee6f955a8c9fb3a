import type { OpenTask } from '../api/types';
import { labelOf, type Translate, type UiLang } from '../i18n';
import { formatInstant } from '../shell/format';

export function OpenTasks({ tasks, t, lang, timeZone }: { tasks: readonly OpenTask[]; t: Translate; lang: UiLang; timeZone: string }) {
  if (tasks.length === 0) return <p>{t('patient.no-tasks')}</p>;
  return (
    <table className="tasks" data-testid="tasks">
      <thead>
        <tr>
          <th scope="col">{t('task.text')}</th>
          <th scope="col">{t('task.step')}</th>
          <th scope="col">{t('task.role')}</th>
          <th scope="col">{t('task.due')}</th>
        </tr>
      </thead>
      <tbody>
        {tasks.map((task) => (
          <tr key={task.id} className={task.dueAt !== null && Date.parse(task.dueAt) < Date.now() ? 'overdue' : undefined}>
            <td>{task.text}</td>
            <td>{task.stepTitle}</td>
            <td>{labelOf(t, 'role.', task.role)}</td>
            <td>{task.dueAt === null ? t('task.no-due') : formatInstant(task.dueAt, lang, timeZone)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
