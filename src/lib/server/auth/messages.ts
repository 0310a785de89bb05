/** Russian messages of the sign-in, activation and password pages, gathered for review. */
export const AUTH_MESSAGES = {
	emptyCredentials: 'Введите логин и пароль.',
	wrongCredentials: 'Неверный логин или пароль.',
	codeInvalid: 'Код активации неверен, уже использован, отозван или просрочен.',
	codeEmpty: 'Введите код активации.',
	loginFormat: 'Логин: от 3 до 64 латинских букв, цифр, точек, дефисов или подчёркиваний.',
	loginTaken: 'Этот логин уже занят, выберите другой.',
	passwordShort: 'Пароль должен быть не короче 8 символов.',
	passwordLong: 'Пароль слишком длинный (не больше 200 символов).',
	passwordMismatch: 'Пароли не совпадают.',
	currentPasswordWrong: 'Текущий пароль введён неверно.',
	passwordSame: 'Новый пароль совпадает с текущим.',
	signInFirst: 'Войдите в систему.'
} as const;
