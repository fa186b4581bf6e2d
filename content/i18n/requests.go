package i18n

// requestMessages are the Worker's answers to requests that are not a report at all: a
// path it does not serve, a method the path does not take, a body of a type it does not
// read, an operator without the right token.
var requestMessages = map[string][3]string{
	"err.not_found":      {"За цією адресою нічого немає. Перевірте адресу або поверніться до форми скарги.", "По этому адресу ничего нет. Проверьте адрес или вернитесь к форме жалобы.", "There is nothing at this address. Check the address or go back to the report form."},
	"err.method":         {"Ця адреса не приймає такого запиту. Надішліть скаргу через форму.", "Этот адрес не принимает такой запрос. Отправьте жалобу через форму.", "This address does not take that kind of request. Send your report through the form."},
	"err.media_type":     {"Скаргу надіслано в непідтримуваному форматі. Надішліть її через форму або як JSON.", "Жалоба отправлена в неподдерживаемом формате. Отправьте её через форму или как JSON.", "The report was sent in a format we do not accept. Send it through the form or as JSON."},
	"err.unauthorized":   {"Для цього потрібен ключ оператора.", "Для этого нужен ключ оператора.", "This needs the operator's token."},
	"err.unavailable":    {"Сервіс тимчасово недоступний. Спробуйте ще раз за кілька хвилин.", "Сервис временно недоступен. Попробуйте ещё раз через несколько минут.", "The service is unavailable for the moment. Please try again in a few minutes."},
	"typo.err.too_large": {"Повідомлення завелике. Виділіть коротший уривок і спробуйте ще раз.", "Сообщение слишком большое. Выделите более короткий отрывок и попробуйте ещё раз.", "The note is too large. Select a shorter passage and try again."},
}
