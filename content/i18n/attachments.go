package i18n

import (
	"strings"

	"abusedesk/content/policy"
)

// attachmentMessages are the words about the files attached to a report: the problems
// the browser module and the Worker find with each file (named in the sentence, so a reporter with several
// files knows which), the kinds of file in words, the deadlines API's answers, and the
// e-mail's list of files.
var attachmentMessages = map[string][3]string{
	"field.attachments.label": {"Файли", "Файлы", "Files"},

	"attachment.kind.pdf":  {"документ PDF", "документ PDF", "a PDF document"},
	"attachment.kind.png":  {"зображення PNG", "изображение PNG", "a PNG image"},
	"attachment.kind.jpeg": {"зображення JPEG", "изображение JPEG", "a JPEG image"},
	"attachment.kind.text": {"простий текст", "простой текст", "plain text"},
	"attachment.kind.eml":  {"збережений лист (.eml)", "сохранённое письмо (.eml)", "a saved e-mail (.eml)"},

	"err.attachments.type":  {"Файл «{name}» не прийнято: його вміст не є жодним із дозволених типів ({kinds}). Тип визначаємо за вмістом, а не за назвою.", "Файл «{name}» не принят: его содержимое не относится ни к одному из разрешённых типов ({kinds}). Тип определяем по содержимому, а не по названию.", "The file “{name}” was not accepted: its content is none of the kinds allowed ({kinds}). We tell the kind from the content, not the name."},
	"err.attachments.empty": {"Файл «{name}» порожній. Оберіть файл із вмістом.", "Файл «{name}» пустой. Выберите файл с содержимым.", "The file “{name}” is empty. Choose a file that has content."},

	"err.attachments.too_large.one":   {"Файл «{name}» завеликий: кожен файл має бути не більше {n} МіБ.", "Файл «{name}» слишком большой: каждый файл должен быть не больше {n} МиБ.", "The file “{name}” is too large: each file must be {n} MiB or smaller."},
	"err.attachments.too_large.few":   {"Файл «{name}» завеликий: кожен файл має бути не більше {n} МіБ.", "Файл «{name}» слишком большой: каждый файл должен быть не больше {n} МиБ.", "The file “{name}” is too large: each file must be {n} MiB or smaller."},
	"err.attachments.too_large.many":  {"Файл «{name}» завеликий: кожен файл має бути не більше {n} МіБ.", "Файл «{name}» слишком большой: каждый файл должен быть не больше {n} МиБ.", "The file “{name}” is too large: each file must be {n} MiB or smaller."},
	"err.attachments.too_large.other": {"Файл «{name}» завеликий: кожен файл має бути не більше {n} МіБ.", "Файл «{name}» слишком большой: каждый файл должен быть не больше {n} МиБ.", "The file “{name}” is too large: each file must be {n} MiB or smaller."},

	"err.attachments.total.one":   {"Файл «{name}» не прийнято: усі файли разом мають бути не більше {n} МіБ.", "Файл «{name}» не принят: все файлы вместе должны быть не больше {n} МиБ.", "The file “{name}” was not accepted: all the files together must be {n} MiB or smaller."},
	"err.attachments.total.few":   {"Файл «{name}» не прийнято: усі файли разом мають бути не більше {n} МіБ.", "Файл «{name}» не принят: все файлы вместе должны быть не больше {n} МиБ.", "The file “{name}” was not accepted: all the files together must be {n} MiB or smaller."},
	"err.attachments.total.many":  {"Файл «{name}» не прийнято: усі файли разом мають бути не більше {n} МіБ.", "Файл «{name}» не принят: все файлы вместе должны быть не больше {n} МиБ.", "The file “{name}” was not accepted: all the files together must be {n} MiB or smaller."},
	"err.attachments.total.other": {"Файл «{name}» не прийнято: усі файли разом мають бути не більше {n} МіБ.", "Файл «{name}» не принят: все файлы вместе должны быть не больше {n} МиБ.", "The file “{name}” was not accepted: all the files together must be {n} MiB or smaller."},

	"err.attachments.too_many.one":   {"Файл «{name}» не прийнято: до скарги можна додати не більше {n} файлу.", "Файл «{name}» не принят: к жалобе можно приложить не больше {n} файла.", "The file “{name}” was not accepted: a report can carry at most {n} file."},
	"err.attachments.too_many.few":   {"Файл «{name}» не прийнято: до скарги можна додати не більше {n} файлів.", "Файл «{name}» не принят: к жалобе можно приложить не больше {n} файлов.", "The file “{name}” was not accepted: a report can carry at most {n} files."},
	"err.attachments.too_many.many":  {"Файл «{name}» не прийнято: до скарги можна додати не більше {n} файлів.", "Файл «{name}» не принят: к жалобе можно приложить не больше {n} файлов.", "The file “{name}” was not accepted: a report can carry at most {n} files."},
	"err.attachments.too_many.other": {"Файл «{name}» не прийнято: до скарги можна додати не більше {n} файлу.", "Файл «{name}» не принят: к жалобе можно приложить не больше {n} файла.", "The file “{name}” was not accepted: a report can carry at most {n} files."},

	"err.too_large":         {"Скарга завелика, щоб її прийняти. Додайте менше файлів або менші файли й надішліть її ще раз.", "Жалоба слишком велика, чтобы её принять. Приложите меньше файлов или файлы поменьше и отправьте её ещё раз.", "The report is too large to accept. Attach fewer or smaller files and send it again."},
	"err.attachments.again": {"Оберіть файли ще раз: повернена форма не зберігає вибраних файлів, хоча все, що ви ввели, збережено.", "Выберите файлы ещё раз: возвращённая форма не сохраняет выбранные файлы, хотя всё, что вы ввели, сохранено.", "Choose your files again: a form sent back cannot keep the files you chose, though everything you typed is kept."},

	"err.deadlines.category": {"Невідома категорія. Вкажіть одну з категорій правил.", "Неизвестная категория. Укажите одну из категорий правил.", "Unknown category. Give one of the categories of the rules."},
	"err.deadlines.at":       {"Час має бути у форматі RFC 3339, наприклад 2026-11-23T10:00:00+02:00.", "Время должно быть в формате RFC 3339, например 2026-11-23T10:00:00+02:00.", "The time must be in RFC 3339 format, like 2026-11-23T10:00:00+02:00."},
	"err.deadlines.lang":     {"Невідома мова. Вкажіть uk, ru або en.", "Неизвестный язык. Укажите uk, ru или en.", "Unknown language. Give uk, ru or en."},

	"mail.attachments":      {"Додані файли:", "Приложенные файлы:", "Attached files:"},
	"mail.no_attachments":   {"Файлів не додано.", "Файлы не приложены.", "No files attached."},
	"mail.attachment.one":   {"{name} — {kind}, {n} байт, SHA-256 {sha256}", "{name} — {kind}, {n} байт, SHA-256 {sha256}", "{name} — {kind}, {n} byte, SHA-256 {sha256}"},
	"mail.attachment.few":   {"{name} — {kind}, {n} байти, SHA-256 {sha256}", "{name} — {kind}, {n} байта, SHA-256 {sha256}", "{name} — {kind}, {n} bytes, SHA-256 {sha256}"},
	"mail.attachment.many":  {"{name} — {kind}, {n} байтів, SHA-256 {sha256}", "{name} — {kind}, {n} байт, SHA-256 {sha256}", "{name} — {kind}, {n} bytes, SHA-256 {sha256}"},
	"mail.attachment.other": {"{name} — {kind}, {n} байта, SHA-256 {sha256}", "{name} — {kind}, {n} байта, SHA-256 {sha256}", "{name} — {kind}, {n} bytes, SHA-256 {sha256}"},
}

// Kinds names the kinds of file (as schemas/attachment names them) in lang, in the given
// order: "a PDF document, a PNG image, …".
func Kinds(lang string, kinds []string) string {
	names := make([]string, len(kinds))
	for i, k := range kinds {
		names[i] = Text(lang, "attachment.kind."+k)
	}
	return strings.Join(names, ", ")
}

// FileProblem says what is wrong with the attached file name, and what to do, in lang.
func FileProblem(lang, name string, p policy.FileProblem, a policy.Attachments) string {
	key := "err.attachments." + string(p)
	switch p {
	case policy.FileTooLarge:
		return Count(lang, key, int(a.MaxFileBytes>>20), "name", name)
	case policy.FilesTooLarge:
		return Count(lang, key, int(a.MaxTotalBytes>>20), "name", name)
	case policy.TooManyFiles:
		return Count(lang, key, a.MaxFiles, "name", name)
	case policy.FileType:
		return Text(lang, key, "name", name, "kinds", Kinds(lang, a.Types))
	}
	return Text(lang, key, "name", name)
}
