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
import-field-join-date = تاريخ الانخراط

import-report-row = السطر
import-report-column = العمود
import-report-header = العنوان
import-report-value = القيمة
import-report-reason = السبب

import-already-member = منخرط(ة) في هذه الهيئة من قبل.
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
import-encrypted = المصنف محمي بكلمة سر: أزلها ثم أعد المحاولة.
import-no-sheet = المصنف لا يضم أي ورقة.
import-malformed = هذا ليس ملف CSV أو xlsx يستطيع ميزان قراءته (يجب حفظ ملف xls القديم بصيغة xlsx).
