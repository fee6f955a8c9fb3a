import { registerText } from '../errors.js';

registerText({
  en: {
    'patient.changes-empty': 'Name at least one field to change.',
    'patient.episode-unknown': 'This patient has no such course.',
    'patient.time-in-future': 'The time is more than {minutes} minutes after the server\'s clock: record what has happened.',
    'patient.time-range-reversed': '"from" is after "to".',
  },
  'zh-TW': {
    'patient.changes-empty': '請至少提供一個要修改的欄位。',
    'patient.episode-unknown': '此病人沒有這個療程。',
    'patient.time-in-future': '時間比伺服器時鐘晚了超過 {minutes} 分鐘：請記錄已發生的事。',
    'patient.time-range-reversed': '「from」晚於「to」。',
  },
});
