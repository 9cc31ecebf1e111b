# Bodies, mandates, meetings, the meeting rate.
territory-bodies = الهيئات
body-types-title = أنواع الهيئات
body-types-hint = لكل نوع وتيرة الاجتماعات المنتظرة وقاعدة النصاب؛ تغييرهما يغيّر الأرقام فوراً.
body-formed-on = تاريخ التأسيس
body-meetings = الاجتماعات
body-meetings-held = اجتماعات منعقدة
body-last-held = آخر اجتماع
body-last-met = آخر اجتماع: { $date }
body-never-met = لم تجتمع بعد
body-no-meetings = لا اجتماع مسجّل.
body-members = الأعضاء الحاليون
body-no-members = لا أعضاء لهذه الهيئة بعد: أسند المقاعد أولاً.
body-past-members = الأعضاء السابقون
body-mandates = المهام في الهيئات
body-expected-pace = الوتيرة المنتظرة (اجتماعات في السنة)
body-meetings-per-year = { $category ->
    [zero] بلا اجتماع في السنة
    [one] اجتماع واحد على الأقل في السنة
    [two] اجتماعان على الأقل في السنة
    [few] { $count } اجتماعات على الأقل في السنة
    [many] { $count } اجتماعاً على الأقل في السنة
   *[other] { $count } اجتماع على الأقل في السنة
}
body-type-pace-range = عدد صحيح بين 1 و52.
body-type-share-format = اكتب النسبة على شكل 2/3.
mandate-give = إسناد مقعد
mandate-person = الشخص
mandate-position = المقعد
mandate-since = منذ
mandate-period = المدة
mandate-current = إلى الآن
mandate-end = إنهاء
mandate-ended-on = تاريخ الانتهاء
mandate-end-reason = سبب الانتهاء
person-picker-hint = اكتب الاسم بالعربية أو باللاتينية، أو آخر أرقام الهاتف، أو رقم البطاقة الوطنية.
person-picker-choose = اختر الشخص المقصود بـ
person-picker-again = بحث آخر
person-picker-new = شخص غير مسجل؟ أضفه إلى السجل
person-choose = اختر الشخص من بين من وُجدوا.
person-not-found = لم يُعثر على أحد بهذا الاسم أو الرقم في نطاقك.
mandate-not-a-member = ليس عضواً في التنظيم في هذا التاريخ.
mandate-seat-taken = هذا المقعد يشغله شخص آخر في هذا التاريخ.
mandate-start-in-future = لا يمكن أن يبدأ مقعد في المستقبل.
meeting-title = اجتماع
meeting-record = تسجيل اجتماع
meeting-status = الحالة
meeting-status-scheduled = مبرمج
meeting-status-held = منعقد
meeting-status-postponed = مؤجل
meeting-status-cancelled = ملغى
meeting-date = التاريخ
meeting-place = المكان
meeting-theme = الموضوع الوطني
meeting-agenda = جدول الأعمال
meeting-minutes = المحضر
meeting-guests = الضيوف
meeting-guests-hint = ضيف في كل سطر: الاسم — الصفة.
meeting-attendance = الحضور
meeting-attendance-hint = حدّد لكل عضو: حاضر أو معتذر أو غائب. لا يُسجّل اجتماع منعقد إلا بحضوره.
meeting-present = الحاضرون
meeting-quorum = النصاب
meeting-quorum-reached = مكتمل
meeting-quorum-missed = غير مكتمل
meeting-quorum-required = { $category ->
    [zero] لا يلزم أحد
    [one] يلزم عضو واحد
    [two] يلزم عضوان
    [few] يلزم { $count } أعضاء
    [many] يلزم { $count } عضواً
   *[other] يلزم { $count } عضو
}
meeting-recorded-by = سجّله
meeting-postpone = تأجيل
meeting-cancel = إلغاء
meeting-held-in-future = لا يمكن تسجيل اجتماع منعقد في تاريخ لاحق.
meeting-before-body = التاريخ سابق لتأسيس الهيئة.
meeting-no-members = للهيئة أعضاء يجب أن يُسجَّل حضورهم: أسند المقاعد أولاً.
meeting-nobody-present = لم يحضر أي عضو: لا يُسجّل الاجتماع منعقداً.
meeting-all-present = حضر الجميع، إلا من حُدّد له غير ذلك أسفله
meeting-presences-missing = حدّد من حضر: ضع علامة على «حضر الجميع» ثم على المعتذرين والغائبين، أو حدّد حضور كل عضو.
meeting-presence-missing = حدّد حضور هذا العضو.
meeting-decisions = المقررات
meeting-no-decisions = لا مقررات مسجّلة.
presence-present = حاضر
presence-excused = معتذر
presence-absent = غائب
decision-text = المقرر
decision-owner = المكلّف
decision-due = الأجل
decision-standing = الوضعية
decision-open = قيد الإنجاز
decision-done = منجز
decision-overdue = متأخر
decision-add = إضافة مقرر
decision-mark-done = تم الإنجاز
decision-owner-not-member = المكلّف يكون من أعضاء الهيئة المدعوين للاجتماع.
quorum-majority = الأغلبية (النصف زائد واحد)
quorum-share = { $share } من الأعضاء على الأقل
quorum-share-choice = نسبة من الأعضاء
quorum-share-value = النسبة
rate-title = نسبة انعقاد الهيئات
rate-body-type = نوع الهيئة
rate-met = اجتمعت
rate-bodies = الهيئات
rate-on-pace = في الوتيرة المنتظرة
rate-with-quorum = بنصاب
rate-by-territory = حسب المجال الترابي
rate-definition = الهيئات من هذا النوع في هذا المجال التي كانت قائمة خلال الفترة (أُسست قبل نهايتها ولم تُحلّ قبل بدايتها) وعقدت اجتماعاً واحداً على الأقل خلالها، مسجّلاً منعقداً بحضوره (عضو حاضر على الأقل). الهيئة التي اجتمعت مرتين تُحسب مرة واحدة؛ الاجتماعات المؤجلة والملغاة والمبرمجة لا تُحسب؛ الاجتماع بلا نصاب يُحسب منعقداً وتُبيّن القائمة ذلك.
rate-on-pace-definition = «في الوتيرة المنتظرة»: عقدت على الأقل عدد الاجتماعات المنتظر من نوعها خلال الفترة:
rate-expected = { $category ->
    [zero] لا اجتماع
    [one] اجتماع واحد
    [two] اجتماعان
    [few] { $count } اجتماعات
    [many] { $count } اجتماعاً
   *[other] { $count } اجتماع
}
rate-list-met = { $category ->
    [zero] لم تجتمع أي هيئة
    [one] هيئة واحدة اجتمعت
    [two] هيئتان اجتمعتا
    [few] { $count } هيئات اجتمعت
    [many] { $count } هيئة اجتمعت
   *[other] { $count } هيئة اجتمعت
}
rate-list-not-met = { $category ->
    [zero] كل الهيئات اجتمعت
    [one] هيئة واحدة لم تجتمع
    [two] هيئتان لم تجتمعا
    [few] { $count } هيئات لم تجتمع
    [many] { $count } هيئة لم تجتمع
   *[other] { $count } هيئة لم تجتمع
}
rate-decisions = تتبع المقررات
rate-decisions-definition = مقررات اجتماعات هذه الهيئات خلال الفترة، حسب وضعيتها اليوم؛ المتأخر: قيد الإنجاز وقد تجاوز أجله.
figure-definition = التعريف
figure-from = من
figure-to = إلى
figure-show = عرض
figure-period-reversed = نهاية الفترة تسبق بدايتها.
field-unknown-choice = اختيار غير معروف.
nav-meetings = الاجتماعات
rate-map = خريطة نسبة الانعقاد
meeting-minutes-files = ملفات المحضر
meeting-no-files = لا ملف مرفق.
meeting-minutes-upload = إرفاق المحضر (PDF أو صورة)
meeting-minutes-hint = PDF أو PNG أو JPEG، في حدود 10 ميغابايت.
meeting-minutes-send = إرفاق
meeting-file-kb = { $count } ك.ب
minutes-choose-file = اختر ملفاً.
minutes-too-large = الملف يتجاوز 10 ميغابايت.
minutes-type = لا يُقبل إلا ملف PDF أو صورة PNG أو JPEG.
meeting-record-held = تسجيله كاجتماع منعقد
meeting-held-on = انعقد يوم
meeting-postpone-or-cancel = تأجيل أو إلغاء
meeting-new-date = التاريخ الجديد (للتأجيل)
meeting-reason = السبب (اختياري)
meeting-history = السجل
meeting-event-scheduled = مبرمج
meeting-event-held = انعقد
meeting-event-postponed = أُجّل
meeting-event-cancelled = أُلغي
meeting-event-from = من
meeting-event-to = إلى
meeting-postponed-to-past = اختر يوماً ابتداءً من اليوم.
meeting-postponed-same-day = هذا هو تاريخه الحالي.
meeting-planned-for = كان مبرمجاً يوم
body-type-code-format = يتكون الرمز من 2 إلى 40 حرفاً لاتينياً صغيراً أو رقماً أو _ (ويبدأ بحرف).
body-type-code-taken = هناك نوع هيئة بهذا الرمز من قبل.
body-type-no-seat = حدّد مقعداً واحداً على الأقل لنوع الهيئة.
body-type-seat-twice = لمقعدين الرمز نفسه.
body-type-retired-on = متوقف منذ { $date }
body-type-retire = إيقاف هذا النوع
body-type-retire-hint = لا يُحذف نوع مستعمل: تبقى هيئاته وتاريخها، ولا تُنشأ هيئة منه لأي وحدة جديدة، ولا يُعرض في المؤشرات.
body-type-restore = إعادة تفعيل هذا النوع
body-type-new = نوع هيئة جديد
body-type-new-hint = تُنشأ هيئة من هذا النوع في كل وحدة من مستواه فوراً.
body-type-name-en = الاسم بالإنجليزية (اختياري)
body-type-code = الرمز (حروف لاتينية صغيرة وأرقام و _)
body-type-level = المستوى الترابي
body-type-seats = المناصب
body-type-seats-hint = منصب واحد على الأقل؛ تُترك الأسطر الزائدة فارغة.
body-type-seat-ar = المنصب { $n } بالعربية
body-type-seat-fr = بالحرف اللاتيني
body-type-single-seat = منصب فردي (شخص واحد في كل مرة)
body-type-create = إنشاء النوع وهيئاته
themes-title = المحاور الوطنية للاجتماعات
themes-hint = محاور يُطلب من الهيئات مناقشتها؛ يُختار المحور عند تسجيل الاجتماع.
theme-retired = متوقف
theme-retire = إيقاف
theme-restore = إعادة التفعيل
theme-add = إضافة المحور
theme-name-taken = يوجد محور بهذا الاسم.
meeting-guest-twice = هذا الشخص ضيف على الاجتماع من قبل.
meeting-guest-person = ابحث عن ضيف في السجل
meeting-guest-quality = الصفة
meeting-guest-add = إضافة الضيف
person-picker-born = مواليد { $year }
person-picker-more = وُجد أكثر من ثمانية: أضف جزءا آخر من الاسم أو رقما لتضييق البحث.
mandate-sits-already = هذا الشخص عضو في هذه الهيئة من قبل.
