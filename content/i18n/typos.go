package i18n

// typoMessages are the words of the typo note: the button and dialog on legal documents
// (the page carries them as data attributes, so the script holds no text), the Worker's
// answers, and the e-mail to the editors. err.rate_limited answers reports too.
var typoMessages = map[string][3]string{
	"typo.button":        {"Повідомити про помилку", "Сообщить об опечатке", "Report a typo"},
	"typo.hint":          {"Знайшли помилку в тексті? Виділіть її й натисніть Ctrl+Enter або цю кнопку.", "Нашли опечатку в тексте? Выделите её и нажмите Ctrl+Enter или эту кнопку.", "Found a mistake in the text? Select it and press Ctrl+Enter, or this button."},
	"typo.title":         {"Помилка в тексті", "Опечатка в тексте", "A mistake in the text"},
	"typo.selection":     {"Виділений текст", "Выделенный текст", "The text you selected"},
	"typo.comment":       {"Коментар (необовʼязково)", "Комментарий (необязательно)", "Comment (optional)"},
	"typo.send":          {"Надіслати", "Отправить", "Send"},
	"typo.cancel":        {"Скасувати", "Отмена", "Cancel"},
	"typo.sending":       {"Надсилаємо…", "Отправляем…", "Sending…"},
	"typo.select_first":  {"Спочатку виділіть текст із помилкою.", "Сначала выделите текст с опечаткой.", "First select the text with the mistake."},
	"typo.network_error": {"Не вдалося надіслати: немає звʼязку із сервером. Спробуйте ще раз.", "Не удалось отправить: нет связи с сервером. Попробуйте ещё раз.", "It could not be sent: the server did not answer. Please try again."},
	"typo.thanks":        {"Дякуємо! Ваше повідомлення отримали редактори.", "Спасибо! Ваше сообщение получили редакторы.", "Thank you! Your note has reached the editors."},
	"typo.err.request":   {"Не вдалося прочитати повідомлення. Спробуйте ще раз.", "Не удалось прочитать сообщение. Попробуйте ещё раз.", "The note could not be read. Please try again."},
	"typo.err.server":    {"Повідомлення не надіслано через збій на нашому боці. Спробуйте ще раз за кілька хвилин.", "Сообщение не отправлено из-за сбоя на нашей стороне. Попробуйте ещё раз через несколько минут.", "The note was not sent because of a fault on our side. Please try again in a few minutes."},
	"err.rate_limited":   {"Забагато запитів із вашої адреси. Зачекайте хвилину й спробуйте ще раз.", "Слишком много запросов с вашего адреса. Подождите минуту и попробуйте ещё раз.", "Too many requests from your address. Please wait a minute and try again."},

	// The note's fields, for the problems the Worker finds.
	"field.page.label":       {"Сторінка", "Страница", "Page"},
	"field.selection.label":  {"Виділений текст", "Выделенный текст", "Selected text"},
	"field.comment.label":    {"Коментар", "Комментарий", "Comment"},
	"field.context.label":    {"Текст навколо", "Текст вокруг", "Surrounding text"},
	"err.selection.required": {"Виділіть текст із помилкою", "Выделите текст с опечаткой", "Select the text with the mistake"},

	// The e-mail to the editors, in the provider's language.
	"typo.mail.subject":    {"[помилка] {page}: {selection}", "[опечатка] {page}: {selection}", "[typo] {page}: {selection}"},
	"typo.mail.intro":      {"Читач повідомив про помилку на сторінці {page} ({received}).", "Читатель сообщил об опечатке на странице {page} ({received}).", "A reader reported a mistake on {page} ({received})."},
	"typo.mail.selection":  {"Виділений текст:", "Выделенный текст:", "Selected text:"},
	"typo.mail.context":    {"Текст навколо:", "Текст вокруг:", "Surrounding text:"},
	"typo.mail.comment":    {"Коментар читача:", "Комментарий читателя:", "The reader's comment:"},
	"typo.mail.no_comment": {"Коментаря немає.", "Комментария нет.", "No comment."},
}
