package i18n

// deliveryMessages are the Worker's answers about a report's way to the mailbox and the
// checks that keep robots out.
var deliveryMessages = map[string][3]string{
	"err.not_human": {"Не вдалося переконатися, що скаргу надсилає людина. Оновіть сторінку й надішліть форму ще раз.", "Не удалось убедиться, что жалобу отправляет человек. Обновите страницу и отправьте форму ещё раз.", "We could not confirm that a person is sending this report. Reload the page and send the form again."},
	// The honeypot's label: people never see the field, but a screen reader may read it.
	"form.honeypot": {"Залиште це поле порожнім: воно потрібне, щоб відсіяти автоматичні надсилання.", "Оставьте это поле пустым: оно нужно, чтобы отсеять автоматические отправки.", "Leave this field empty: it is here to catch automated submissions."},
}
