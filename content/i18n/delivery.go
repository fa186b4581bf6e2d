package i18n

// deliveryMessages are the Worker's answers about a report's way to the mailbox and the
// checks that keep robots out.
var deliveryMessages = map[string][3]string{
	"err.not_human": {"Не вдалося переконатися, що скаргу надсилає людина. Оновіть сторінку й надішліть форму ще раз.", "Не удалось убедиться, что жалобу отправляет человек. Обновите страницу и отправьте форму ещё раз.", "We could not confirm that a person is sending this report. Reload the page and send the form again."},
}
