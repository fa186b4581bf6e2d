package i18n

// evidenceMessages are the words of the complaint's details, its evidence, its attachments,
// the kept draft and the reporter's own time zone in the preview.
var evidenceMessages = map[string][3]string{
	"field.resource.label":    {"Ресурс, про який скарга", "Ресурс, на который жалоба", "The resource you are reporting"},
	"field.resource.hint":     {"Адреса сторінки (URL), домен або IP-адреса сервісу нашого клієнта.", "Адрес страницы (URL), домен или IP-адрес сервиса нашего клиента.", "The page's address (URL), the domain or the IP address of our customer's service."},
	"field.occurred_at.label": {"Коли це сталося", "Когда это произошло", "When it happened"},
	"field.occurred_at.hint":  {"Дата й час за вашим годинником; якщо точно не знаєте, вкажіть приблизно.", "Дата и время по вашим часам; если точно не знаете, укажите примерно.", "The date and time by your clock; if you are not sure, give your best guess."},

	"form.evidence":                {"Докази", "Доказательства", "Evidence"},
	"form.evidence.intro":          {"Для деяких категорій потрібні певні докази: біля кожного поля сказано, для яких саме.", "Для некоторых категорий нужны определённые доказательства: у каждого поля сказано, для каких именно.", "Some categories need particular evidence: each field says which ones."},
	"form.evidence.needed":         {"Обовʼязково для категорій: {categories}.", "Обязательно для категорий: {categories}.", "Required for: {categories}."},
	"form.evidence.none":           {"Для цієї категорії окремих доказів не потрібно: опишіть усе в полі вище й додайте файли, якщо вони є.", "Для этой категории отдельных доказательств не нужно: опишите всё в поле выше и приложите файлы, если они есть.", "This category needs no particular evidence: describe it all above and attach files if you have any."},
	"field.evidence_urls.label":    {"Посилання на докази", "Ссылки на доказательства", "Links to the evidence"},
	"field.evidence_urls.hint":     {"По одному посиланню в рядку, лише http:// або https://.", "По одной ссылке в строке, только http:// или https://.", "One link a line, http:// or https:// only."},
	"field.rights_documents.label": {"Документи, що підтверджують права", "Документы, подтверждающие права", "Documents proving your rights"},
	"field.rights_documents.hint":  {"Номери реєстрації торговельної марки чи авторського права, ліцензія, довіреність, якщо ви дієте від імені правовласника.", "Номера регистрации товарного знака или авторского права, лицензия, доверенность, если вы действуете от имени правообладателя.", "Trademark or copyright registration numbers, a licence, a power of attorney if you act for the rights holder."},
	"field.message_headers.label":  {"Повні заголовки листа", "Полные заголовки письма", "Full headers of the message"},
	"field.message_headers.hint":   {"Скопіюйте всі заголовки спам-листа (у поштовій програмі: «Показати оригінал»).", "Скопируйте все заголовки спам-письма (в почтовой программе: «Показать оригинал»).", "Copy every header of the spam message (in your mail program: “Show original”)."},
	"field.source_ip.label":        {"IP-адреси джерела", "IP-адреса источника", "Source IP addresses"},
	"field.source_ip.hint":         {"Адреси IPv4 або IPv6, з яких ішла атака, через пробіл або з нового рядка.", "Адреса IPv4 или IPv6, с которых шла атака, через пробел или с новой строки.", "The IPv4 or IPv6 addresses the attack came from, separated by spaces or new lines."},
	"field.target.label":           {"Ціль атаки", "Цель атаки", "Target of the attack"},
	"field.target.hint":            {"IP-адреса, порт або сервіс, який атакували.", "IP-адрес, порт или сервис, который атаковали.", "The IP address, port or service that was attacked."},
	"field.time_window.label":      {"Проміжок часу", "Промежуток времени", "Time window"},
	"field.time_window.hint":       {"Коли почалася й закінчилася атака, з часовим поясом, наприклад 2026-05-01 10:00–10:30 UTC.", "Когда началась и закончилась атака, с часовым поясом, например 2026-05-01 10:00–10:30 UTC.", "When the attack started and ended, with the time zone, like 2026-05-01 10:00–10:30 UTC."},
	"field.logs.label":             {"Журнали (логи)", "Журналы (логи)", "Logs"},
	"field.logs.hint":              {"Рядки журналів, що показують атаку, з мітками часу.", "Строки журналов, показывающие атаку, с метками времени.", "Log lines showing the attack, with their timestamps."},

	"err.resource.pattern":          {"Вкажіть одну адресу, домен або IP-адресу без пробілів", "Укажите один адрес, домен или IP-адрес без пробелов", "Give one address, domain or IP address, without spaces"},
	"err.occurred_at.pattern":       {"Вкажіть дату й час, наприклад 2026-05-01 14:30", "Укажите дату и время, например 2026-05-01 14:30", "Give a date and time, like 2026-05-01 14:30"},
	"err.evidence_urls.required":    {"Додайте посилання на фішингові сторінки", "Добавьте ссылки на фишинговые страницы", "Add the links to the phishing pages"},
	"err.evidence_urls.pattern":     {"Кожен рядок має бути одним посиланням, що починається з http:// або https://", "Каждая строка должна быть одной ссылкой, начинающейся с http:// или https://", "Each line must be one link starting with http:// or https://"},
	"err.rights_documents.required": {"Вкажіть документи, що підтверджують ваші права", "Укажите документы, подтверждающие ваши права", "List the documents that prove your rights"},
	"err.message_headers.required":  {"Вставте повні заголовки спам-листа", "Вставьте полные заголовки спам-письма", "Paste the full headers of the spam message"},
	"err.source_ip.required":        {"Вкажіть IP-адреси, з яких ішла атака", "Укажите IP-адреса, с которых шла атака", "Give the IP addresses the attack came from"},
	"err.source_ip.pattern":         {"Вкажіть IP-адреси у форматі IPv4 або IPv6, наприклад 203.0.113.7", "Укажите IP-адреса в формате IPv4 или IPv6, например 203.0.113.7", "Give IP addresses in IPv4 or IPv6 form, like 203.0.113.7"},
	"err.target.required":           {"Вкажіть, що саме атакували", "Укажите, что именно атаковали", "Say what was attacked"},
	"err.time_window.required":      {"Вкажіть, коли почалася й закінчилася атака", "Укажите, когда началась и закончилась атака", "Say when the attack started and ended"},
	"err.logs.required":             {"Вставте рядки журналів, що показують атаку", "Вставьте строки журналов, показывающие атаку", "Paste the log lines that show the attack"},

	"attachments.hint":        {"До {files}, кожен до {each} МіБ, разом до {total} МіБ: PDF, PNG, JPEG, текст або збережений лист (.eml). Тип визначаємо за вмістом файлу, а не за назвою.", "До {files}, каждый до {each} МиБ, вместе до {total} МиБ: PDF, PNG, JPEG, текст или сохранённое письмо (.eml). Тип определяем по содержимому файла, а не по имени.", "Up to {files}, {each} MiB each and {total} MiB in all: PDF, PNG, JPEG, plain text or a saved e-mail (.eml). We tell the type from the file's content, not its name."},
	"attachments.files.one":   {"{n} файлу", "{n} файла", "{n} file"},
	"attachments.files.few":   {"{n} файлів", "{n} файлов", "{n} files"},
	"attachments.files.many":  {"{n} файлів", "{n} файлов", "{n} files"},
	"attachments.files.other": {"{n} файлу", "{n} файла", "{n} files"},

	"draft.note":  {"Поки скаргу не надіслано, усе, що ви вводите, зберігається в цьому браузері, навіть якщо закрити вкладку. Файли не зберігаються: після перезавантаження додайте їх знову.", "Пока жалоба не отправлена, всё, что вы вводите, хранится в этом браузере, даже если закрыть вкладку. Файлы не сохраняются: после перезагрузки приложите их снова.", "Until the report is sent, what you type is kept in this browser, even if you close the tab. Files are not kept: attach them again after a reload."},
	"draft.clear": {"Очистити форму", "Очистить форму", "Clear the form"},

	"preview.local": {"За вашим часом ({zone}): розглянуть до {processed}, вирішать до {settled}.", "По вашему времени ({zone}): рассмотрят до {processed}, решат до {settled}.", "In your time zone ({zone}): reviewed by {processed}, settled by {settled}."},
}
