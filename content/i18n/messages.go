package i18n

import "abusedesk/schemas/report"

// formMessages are the words of the form, its problems, its preview and its receipt, and of the e-mail.
var formMessages = map[string][3]string{
	// Page furniture.

	// The form.
	"form.required":         {"обовʼязкове", "обязательное", "required"},
	"form.optional":         {"необовʼязкове", "необязательное", "optional"},
	"form.reporter":         {"Про вас", "О вас", "About you"},
	"form.complaint":        {"Скарга", "Жалоба", "The complaint"},
	"form.category.choose":  {"Оберіть категорію", "Выберите категорию", "Choose a category"},
	"form.submit":           {"Надіслати скаргу", "Отправить жалобу", "Send the report"},
	"form.sending":          {"Надсилаємо…", "Отправляем…", "Sending…"},
	"form.sending_progress": {"Надсилаємо… {percent} %", "Отправляем… {percent} %", "Sending… {percent}%"},
	"form.review":           {"Перевірити скаргу", "Проверить жалобу", "Review the report"},

	// The review step: what the reporter checks, and declares, before the report is sent.
	"review.title":  {"Перевірте й надішліть", "Проверьте и отправьте", "Check and send"},
	"review.intro":  {"Перевірте все, що ви ввели вище: надіслану скаргу змінити не можна. Потім підтвердьте заяву.", "Проверьте всё, что вы ввели выше: отправленную жалобу изменить нельзя. Затем подтвердите заявление.", "Check everything you entered above: a report cannot be changed once it is sent. Then make the declaration."},
	"review.check":  {"Перевірте скаргу: після надсилання її змінити не можна. Щоб виправити щось, натисніть «Змінити».", "Проверьте жалобу: после отправки её изменить нельзя. Чтобы исправить что-то, нажмите «Изменить».", "Check your report: it cannot be changed once it is sent. To correct anything, choose “Change”."},
	"review.change": {"Змінити", "Изменить", "Change"},
	"review.files":  {"Файли", "Файлы", "Files"},

	"field.declaration.label": {"Заява", "Заявление", "Declaration"},
	"form.network_error":      {"Не вдалося надіслати скаргу: немає звʼязку із сервером. Усе, що ви ввели, збережено; спробуйте ще раз.", "Не удалось отправить жалобу: нет связи с сервером. Всё, что вы ввели, сохранено; попробуйте ещё раз.", "The report could not be sent: the server did not answer. Everything you typed is kept; please try again."},

	"field.full_name.label":        {"Повне імʼя", "Полное имя", "Full name"},
	"field.email.label":            {"Електронна пошта", "Электронная почта", "E-mail address"},
	"field.email.hint":             {"Сюди надійде відповідь щодо вашої скарги.", "Сюда придёт ответ по вашей жалобе.", "We will reply about your report to this address."},
	"field.phone.label":            {"Телефон", "Телефон", "Phone number"},
	"field.company.label":          {"Компанія", "Компания", "Company"},
	"field.postal_address.label":   {"Поштова адреса", "Почтовый адрес", "Postal address"},
	"field.business_address.label": {"Офіційна юридична адреса", "Официальный юридический адрес", "Official business address"},
	"field.category.label":         {"Що сталося", "Что произошло", "What happened"},
	"field.message.label":          {"Опис зловживання", "Описание злоупотребления", "Description of the abuse"},
	"field.message.hint":           {"Які права порушено і як: адреси, час, докази.", "Какие права нарушены и как: адреса, время, доказательства.", "Which rights were abused and how: addresses, times, evidence."},

	// Problems, as whole sentences for each field so that case and gender agree.
	"err.summary":              {"Виникла проблема", "Возникла проблема", "There is a problem"},
	"err.title_prefix":         {"Помилка: ", "Ошибка: ", "Error: "},
	"err.full_name.required":   {"Введіть ваше повне імʼя", "Введите ваше полное имя", "Enter your full name"},
	"err.email.required":       {"Введіть адресу електронної пошти", "Введите адрес электронной почты", "Enter your e-mail address"},
	"err.email.email":          {"Введіть адресу електронної пошти в правильному форматі, наприклад name@example.com", "Введите адрес электронной почты в правильном формате, например name@example.com", "Enter an e-mail address in the correct format, like name@example.com"},
	"err.phone.pattern":        {"Введіть номер телефону лише цифрами, наприклад +380 44 123 45 67", "Введите номер телефона только цифрами, например +380 44 123 45 67", "Enter a phone number using digits only, like +380 44 123 45 67"},
	"err.category.required":    {"Оберіть, що сталося", "Выберите, что произошло", "Choose what happened"},
	"err.category.enum":        {"Оберіть одну з категорій зі списку", "Выберите одну из категорий в списке", "Choose one of the categories in the list"},
	"err.message.required":     {"Опишіть, що сталося", "Опишите, что произошло", "Describe what happened"},
	"err.declaration.required": {"Підтвердьте заяву, позначивши поле, щоб надіслати скаргу", "Подтвердите заявление, отметив поле, чтобы отправить жалобу", "Tick the box to make the declaration and send the report"},
	"err.declaration.enum":     {"Підтвердьте заяву, позначивши поле, щоб надіслати скаргу", "Подтвердите заявление, отметив поле, чтобы отправить жалобу", "Tick the box to make the declaration and send the report"},
	"err.lang.enum":            {"Цією мовою скарги не приймаємо: оберіть українську, російську чи англійську", "На этом языке жалобы не принимаем: выберите украинский, русский или английский", "Reports are accepted in Ukrainian, Russian or English only"},
	"err.required":             {"Заповніть поле «{label}»", "Заполните поле «{label}»", "Fill in “{label}”"},
	"err.pattern":              {"Перевірте поле «{label}»: значення має неправильний формат", "Проверьте поле «{label}»: значение в неверном формате", "Check “{label}”: the value is not in the right format"},
	"err.enum":                 {"Оберіть значення поля «{label}» зі списку", "Выберите значение поля «{label}» из списка", "Choose a value for “{label}” from the list"},
	"err.email":                {"Перевірте адресу в полі «{label}»", "Проверьте адрес в поле «{label}»", "Check the address in “{label}”"},
	"err.unknown":              {"Поле «{label}» форма не передбачає", "Поле «{label}» форма не предусматривает", "The form has no field “{label}”"},
	"err.too_long.one":         {"Поле «{label}» має містити не більше {n} символу", "Поле «{label}» должно содержать не больше {n} символа", "“{label}” must be {n} character or fewer"},
	"err.too_long.few":         {"Поле «{label}» має містити не більше {n} символів", "Поле «{label}» должно содержать не больше {n} символов", "“{label}” must be {n} characters or fewer"},
	"err.too_long.many":        {"Поле «{label}» має містити не більше {n} символів", "Поле «{label}» должно содержать не больше {n} символов", "“{label}” must be {n} characters or fewer"},
	"err.too_long.other":       {"Поле «{label}» має містити не більше {n} символу", "Поле «{label}» должно содержать не больше {n} символа", "“{label}” must be {n} characters or fewer"},
	"err.request":              {"Не вдалося прочитати скаргу. Поверніться до форми й спробуйте ще раз.", "Не удалось прочитать жалобу. Вернитесь к форме и попробуйте ещё раз.", "The report could not be read. Go back to the form and try again."},
	"err.back":                 {"Повернутися до форми", "Вернуться к форме", "Back to the form"},
	"err.server":               {"Скаргу не прийнято через збій на нашому боці. Спробуйте ще раз за кілька хвилин.", "Жалобу не приняли из-за сбоя на нашей стороне. Попробуйте ещё раз через несколько минут.", "The report was not accepted because of a fault on our side. Please try again in a few minutes."},
	"receipt.title":            {"Скаргу отримано", "Жалоба получена", "Report received"},
	"receipt.reference":        {"Номер вашої скарги: {ref}", "Номер вашей жалобы: {ref}", "Your reference number is {ref}"},
	"receipt.next":             {"Що далі: ми перевіримо скаргу й документи; після перевірки власник сайту або реєстрант домену отримає повідомлення й має відповісти у строк, названий вище. Відповідь із рішенням ви отримаєте, якщо скаргу подано як справу про зловживання з потрібними документами.", "Что дальше: мы проверим жалобу и документы; после проверки владелец сайта или регистрант домена получит уведомление и должен ответить в срок, названный выше. Ответ с решением вы получите, если жалоба подана как дело о злоупотреблении с нужными документами.", "What happens next: we check the report and its documents; once it is verified, the site's owner or the domain's registrant is notified and must answer within the time given above. You get a reply with the outcome when the report was filed as an abuse case with the documents it needs."},
	"receipt.print":            {"Цю сторінку можна роздрукувати або зберегти як PDF, щоб мати її під рукою.", "Эту страницу можно распечатать или сохранить как PDF, чтобы она была под рукой.", "You can print this page or save it as a PDF to keep it at hand."},
	"receipt.keep":             {"Зазначайте цей номер у листуванні з нами.", "Указывайте этот номер в переписке с нами.", "Quote this number whenever you write to us about it."},
	"preview.title":            {"Строки розгляду", "Сроки рассмотрения", "When it will be handled"},
	"preview.choose":           {"Оберіть категорію, щоб побачити строки.", "Выберите категорию, чтобы увидеть сроки.", "Choose a category to see the deadlines."},
	"preview.handled":          {"Якщо надіслати зараз, скаргу розглянуть до {processed} і вирішать до {settled} (за київським часом).", "Если отправить сейчас, жалобу рассмотрят до {processed} и решат до {settled} (по киевскому времени).", "Sent now, your report will be reviewed by {processed} and settled by {settled} (Kyiv time)."},
	"deadlines.handled":        {"Скаргу розглянуть до {processed} і вирішать до {settled} (за київським часом).", "Жалобу рассмотрят до {processed} и решат до {settled} (по киевскому времени).", "Your report will be reviewed by {processed} and settled by {settled} (Kyiv time)."},
	"preview.respond.one":      {"Після повідомлення клієнт має {n} годину, щоб відповісти й усунути причину.", "После уведомления у клиента есть {n} час, чтобы ответить и устранить причину.", "Once notified, the customer has {n} hour to respond and remove the cause."},
	"preview.respond.few":      {"Після повідомлення клієнт має {n} години, щоб відповісти й усунути причину.", "После уведомления у клиента есть {n} часа, чтобы ответить и устранить причину.", "Once notified, the customer has {n} hours to respond and remove the cause."},
	"preview.respond.many":     {"Після повідомлення клієнт має {n} годин, щоб відповісти й усунути причину.", "После уведомления у клиента есть {n} часов, чтобы ответить и устранить причину.", "Once notified, the customer has {n} hours to respond and remove the cause."},
	"preview.respond.other":    {"Після повідомлення клієнт має {n} години, щоб відповісти й усунути причину.", "После уведомления у клиента есть {n} часа, чтобы ответить и устранить причину.", "Once notified, the customer has {n} hours to respond and remove the cause."},
	"preview.respond_by":       {"Найпізніше: {by}.", "Не позднее: {by}.", "At the latest: {by}."},
	"preview.on_claim.one":     {"Клієнт має {n} годину на відповідь лише після вимоги суду, правоохоронців чи уповноваженої організації.", "У клиента есть {n} час на ответ только после требования суда, правоохранителей или уполномоченной организации.", "The customer's {n} hour to respond starts only when a court, law enforcement or a competent organization files a claim."},
	"preview.on_claim.few":     {"Клієнт має {n} години на відповідь лише після вимоги суду, правоохоронців чи уповноваженої організації.", "У клиента есть {n} часа на ответ только после требования суда, правоохранителей или уполномоченной организации.", "The customer's {n} hours to respond start only when a court, law enforcement or a competent organization files a claim."},
	"preview.on_claim.many":    {"Клієнт має {n} годин на відповідь лише після вимоги суду, правоохоронців чи уповноваженої організації.", "У клиента есть {n} часов на ответ только после требования суда, правоохранителей или уполномоченной организации.", "The customer's {n} hours to respond start only when a court, law enforcement or a competent organization files a claim."},
	"preview.on_claim.other":   {"Клієнт має {n} години на відповідь лише після вимоги суду, правоохоронців чи уповноваженої організації.", "У клиента есть {n} часа на ответ только после требования суда, правоохранителей или уполномоченной организации.", "The customer's {n} hours to respond start only when a court, law enforcement or a competent organization files a claim."},
	"preview.blocked":          {"Сервіс клієнта блокують одразу, без строку на відповідь.", "Сервис клиента блокируют сразу, без срока на ответ.", "The customer's service is blocked at once; there is no time to respond."},
	"preview.advisory":         {"Це попередження: строку на відповідь і загрози блокування немає.", "Это предупреждение: срока на ответ и угрозы блокировки нет.", "This is advisory: there is no deadline and no threat of blocking."},
	"mail.subject":             {"[abuse {ref}] {category}", "[abuse {ref}] {category}", "[abuse {ref}] {category}"},
	"mail.intro":               {"Нова скарга {ref}, отримана {received}.", "Новая жалоба {ref}, получена {received}.", "New report {ref}, received {received}."},
	"mail.deadlines":           {"Розглянути до: {processed}\nВирішити до: {settled}", "Рассмотреть до: {processed}\nРешить до: {settled}", "Review by: {processed}\nSettle by: {settled}"},
	"field.lang.label":         {"Мова скарги", "Язык жалобы", "Language of the report"},
}

// ProblemText says what is wrong with a field and how to put it right, in lang: the
// field's own sentence where the catalog has one, else a general one naming the field.
func ProblemText(lang string, p report.Problem) string {
	label := Text(lang, "field."+p.Field+".label")
	if _, ok := lookup("field." + p.Field + ".label"); !ok {
		label = p.Field
	}
	if p.Code == report.TooLong {
		return Count(lang, "err.too_long", p.Limit, "label", label)
	}
	if _, ok := lookup("err." + p.Field + "." + string(p.Code)); ok {
		return Text(lang, "err."+p.Field+"."+string(p.Code))
	}
	if _, ok := lookup("err." + string(p.Code)); ok {
		return Text(lang, "err."+string(p.Code), "label", label)
	}
	return Text(lang, "err.pattern", "label", label)
}

// Hours writes a number of hours with its plural noun, for tables and e-mails.
func Hours(lang string, n int) string { return Count(lang, "unit.hours", n) }
