import { registerText } from '../errors.js';

/**
 * The custody routes' own request-level rules. The reasons a step is stopped are the core's
 * (`custody.<code>`, texts in the core's catalog); these are what the server adds around them.
 */
registerText({
  en: {
    'custody.chain-unknown': 'No such chain of identity.',
    'custody.chain-exists': 'This course already has a chain of identity ({coi}).',
    'custody.episode-unknown': 'This patient has no such course.',
    'custody.episode-not-car-t': 'A chain of identity belongs to a CAR-T course; this course is a {kind}.',
    'custody.sequence-exhausted': 'The {sequence} sequence has no numbers left (999999 per identifier): ask the administrator.',
    'custody.at-in-future': 'The time {at} is later than the server clock ({now}): record a step when it has happened.',
    'custody.performer-password-required': 'Re-enter your password: both people sign a two-person check.',
    'custody.performer-password-invalid': 'Your password is not right: the step was not recorded.',
    'custody.verifier-credentials-invalid': "The second person's username or password is not right: the step was not recorded.",
    'custody.verifier-not-on-care-team': "The second person is not on this patient's care team.",
    'custody.deviation-recorded': 'The refusal is recorded as deviation {deviationId} (event {eventId}).',
    'custody.identifier-taken': 'An identifier of this step was just recorded for another course: reload the course and check the labels.',
    'custody.deviation-unknown': 'No such deviation.',
    'custody.identifier-unknown': 'No course on your care teams holds this identifier.',
  },
  'zh-TW': {
    'custody.chain-unknown': '找不到此識別鏈。',
    'custody.chain-exists': '此療程已有識別鏈（{coi}）。',
    'custody.episode-unknown': '此病人沒有這個療程。',
    'custody.episode-not-car-t': '識別鏈僅屬於 CAR-T 療程；此療程為 {kind}。',
    'custody.sequence-exhausted': '{sequence} 序號已用盡（每種識別碼 999999 個），請洽系統管理員。',
    'custody.at-in-future': '時間 {at} 晚於伺服器時間（{now}）：請於步驟完成後再記錄。',
    'custody.performer-password-required': '請重新輸入您的密碼：雙人核對須由兩人分別簽章。',
    'custody.performer-password-invalid': '您的密碼不正確，此步驟未記錄。',
    'custody.verifier-credentials-invalid': '第二位核對者的帳號或密碼不正確，此步驟未記錄。',
    'custody.verifier-not-on-care-team': '第二位核對者不在此病人的照護團隊中。',
    'custody.deviation-recorded': '此次拒絕已記錄為偏差 {deviationId}（事件 {eventId}）。',
    'custody.identifier-taken': '此步驟的識別碼剛被另一療程記錄：請重新載入療程並核對標籤。',
    'custody.deviation-unknown': '找不到此偏差。',
    'custody.identifier-unknown': '您照護團隊的療程中沒有此識別碼。',
  },
});
