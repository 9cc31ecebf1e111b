## استيراد الأشخاص من ملفات الفروع (CSV، xlsx)

import-field-family-name = الاسم العائلي
import-field-given-name = الاسم الشخصي
import-field-cin = رقم البطاقة الوطنية
import-field-phone = الهاتف
import-field-birth-date = تاريخ الازدياد
import-field-sex = الجنس
import-field-email = البريد الإلكتروني
import-field-commune = جماعة السكن
import-field-profession = المهنة
import-field-education = المستوى الدراسي
import-field-address = العنوان
import-field-notes = ملاحظات
import-field-join-date = تاريخ الانخراط

import-report-row = السطر
import-report-column = العمود
import-report-header = العنوان
import-report-value = القيمة
import-report-reason = السبب

import-duplicate-in-file = نفس الشخص المذكور في السطر { $row } من الملف.
import-commune-unknown = لا توجد جماعة أو مقاطعة بهذا الاسم في نطاقك.
import-commune-ambiguous = عدة جماعات تحمل هذا الاسم: اكتب رمزها بدلا منه.
import-join-date-impossible = تاريخ انخراط غير ممكن.

import-no-header = لم يُعثر على سطر العناوين في الأسطر الأولى من الملف (عناوين مثل الاسم العائلي، الاسم الشخصي، رقم البطاقة الوطنية).
import-no-name-column = لا يوجد عمود للاسم العائلي أو الشخصي.
import-no-place = الملف لا يذكر مكان سكن الأشخاص: اختر عمود الجماعة، أو استورد في فرع.
import-branch-out-of-scope = هذا الفرع خارج نطاقك.
import-unknown-organization = هيئة غير معروفة.
import-file-unreadable = تعذرت قراءة الملف.
import-file-too-large = الملف كبير جدا.
import-too-many-rows = عدد أسطر الملف كبير جدا.
import-too-many-columns = أحد أسطر الملف يضم أعمدة كثيرة جدا.
import-cell-too-long = إحدى خانات الملف طويلة جدا.
import-zip-bomb = المصنف ينفك إلى حجم غير معقول.
import-too-many-texts = يحتوي المصنف على عدد كبير جدا من النصوص المختلفة: احفظه بصيغة CSV أو قسّمه إلى ملفات أصغر.
import-encrypted = المصنف محمي بكلمة سر: أزلها ثم أعد المحاولة.
import-no-sheet = المصنف لا يضم أي ورقة.
import-malformed = هذا ليس ملف CSV أو xlsx يستطيع ميزان قراءته (يجب حفظ ملف xls القديم بصيغة xlsx).

## صفحات الاستيراد
import-title = استيراد أشخاص من ملف
import-at-branch = ينخرط أشخاص الملف في الهيئة عبر هذا الفرع، ويسكنون جماعته ما لم يذكر عمود غير ذلك.
import-at-commune = أشخاص الملف يسكنون هنا (ما لم يذكر عمود غير ذلك)؛ استيرادهم لا يجعلهم منخرطين.
import-file = الملف (CSV أو Excel ‎.xlsx)
import-file-hint = كما يحتفظ به الفرع: قد تأتي العناوين تحت عنوان الملف، بالعربية أو بالفرنسية؛ CSV بترميز UTF-8 أو Windows-1256، مفصول بفاصلة أو فاصلة منقوطة أو مسافة جدولة. حتى 64 ميغابايت.
import-organization = الهيئة التي ينخرطون فيها
import-upload = قراءة الملف
import-choose-file = اختر ملفا لاستيراده.
import-columns = سطر العناوين والأعمدة
import-header-row = سطر العناوين
import-samples = القيم الأولى
import-field = يذهب إلى
import-field-none = (لا يُستورد)
import-all-or-nothing = الكل أو لا شيء: لا يُستورد أي شيء إذا رُفض سطر واحد
import-check = فحص الملف (لا يُكتب أي شيء)
import-checked = ما سيفعله الاستيراد
import-done = تم الاستيراد
import-nothing-landed = لم يُستورد أي شيء: رُفضت أسطر وكان خيار «الكل أو لا شيء» مختارا
import-read = الأسطر المقروءة
import-accepted = المقبولة
import-matched = مسجلون من قبل (تم التعرف عليهم)
import-already-members = منخرطون من قبل، دون تغيير
import-updated = سجلات حُدِّثت من الملف
import-updated-title = سجلات حُدِّثت من الملف
import-would-update-title = سجلات ستُحدَّث من الملف
import-updated-fields = الحقول المغيَّرة
import-on-existing = الأشخاص المسجلون من قبل
import-on-existing-skip = لا يُغيَّر شيء في سجلاتهم
import-on-existing-fill = تُملأ الحقول الفارغة في سجلاتهم
import-on-existing-update = تُحدَّث الحقول التي يختلف فيها الملف
import-rejected = المرفوضة
import-skipped-blank = أسطر فارغة متجاهلة
import-report-download = تنزيل تقرير الأسطر المرفوضة (CSV لبرنامج Excel)
import-confirm = استيراد
import-confirm-hint = { $category ->
    [zero] لن يُستورد أي شخص.
    [one] سيُستورد شخص واحد.
    [two] سيُستورد شخصان.
    [few] سيُستورد { $count } أشخاص.
    [many] سيُستورد { $count } شخصا.
   *[other] سيُستورد { $count } شخص.
}
import-all-or-nothing-blocks = مع «الكل أو لا شيء» لن يُستورد أي شيء ما دامت هناك أسطر مرفوضة: صحح الملف، أو ألغِ «الكل أو لا شيء» وأعد الفحص.
import-progress = { $category ->
    [zero] لم يُقرأ أي سطر بعد…
    [one] قُرئ سطر واحد…
    [two] قُرئ سطران…
    [few] قُرئت { $count } أسطر…
    [many] قُرئ { $count } سطرا…
   *[other] قُرئ { $count } سطر…
}
import-running-hint = يمكنك مغادرة هذه الصفحة والعودة إليها: الاستيراد يستمر.
import-back = العودة إلى الوحدة
import-running-check = جارٍ فحص الملف…
import-running-import = جارٍ الاستيراد…
import-format = قُرئ بصيغة
import-nothing-to-import = لا يمكن استيراد أي شيء على هذه الحال: صحّح الملف أو غيّر الأعمدة ثم أعد الفحص.
import-field-twice = عمودان يذهبان إلى نفس الحقل: اختر واحدا منهما.
