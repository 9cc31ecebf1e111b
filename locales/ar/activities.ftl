# Volunteer activities.
nav-activities = الأنشطة
activities-title = الأنشطة التطوعية
activities-list = الأنشطة
activities-count = الأنشطة
activities-beneficiaries = المستفيدون المعدودون
activities-coverage = لكل 100 ألف نسمة
activities-per-100k = { $count } لكل 100 ألف نسمة
activities-rural-share = حصة الجماعات القروية
activities-verification-rate = نسبة التحقق
activities-definition = الأنشطة: المنجزة أو المتحقق منها التي يقع يومها الأول في الفترة (لا تُحسب المبرمجة والمرفوضة). المستفيدون المعدودون: مجموع النساء والرجال والأطفال المعدودين فيها؛ الشباب والمسنون والأشخاص في وضعية إعاقة «منهم» ولا يضافون إلى المجموع. هي اتصالات معدودة: من استفاد مرتين يُعدّ مرتين. التغطية: المستفيدون لكل 100 ألف نسمة (إحصاء 2024). نسبة التحقق: الأنشطة المتحقق منها من بين الأنشطة المعدودة.
activities-by-category = حسب الفئة
activities-by-type = حسب النوع
activities-by-month = حسب الشهر
activities-by-month-hint = الأشرطة: المستفيدون المعدودون في كل شهر، ومعهم عدد الأنشطة.
activities-n = { $category ->
    [zero] لا نشاط
    [one] نشاط واحد
    [two] نشاطان
    [few] { $count } أنشطة
    [many] { $count } نشاطاً
   *[other] { $count } نشاط
}
activity-record = تسجيل نشاط
activity-type = نوع النشاط
activity-title = العنوان
activity-status = الوضعية
activity-status-planned = مبرمج
activity-status-done = منجز
activity-status-verified = متحقق منه
activity-status-rejected = مرفوض
activity-counted = المستفيدون المعدودون
activity-counted-hint = النساء والرجال والأطفال يكوّنون المجموع؛ الشباب والمسنون والأشخاص في وضعية إعاقة «منهم».
activity-description = الوصف
activity-verify = التحقق من النشاط
activity-reject = رفض
activity-reject-reason = سبب الرفض
activity-done-in-future = لا يمكن أن يكون نشاط منجز في تاريخ لاحق.
activity-count-range = عدد صحيح بين 0 ومليون.
activity-no-beneficiaries = سجّل عدد المستفيدين (نساء أو رجال أو أطفال).
activity-of-whom-above-total = لا يتجاوز هذا العدد مجموع المستفيدين.
activity-registered = المستفيدون المسجلون
activity-registered-hint = أشخاص معرَّفون من السجل، بموافقتهم؛ يُعدّون مرة واحدة مهما تعددت الأنشطة، ولا يضافون إلى المستفيدين المعدودين.
activity-consent-method = طريقة الموافقة
activity-consent-given = وافق الشخص على الاحتفاظ به مستفيداً مسجلاً
activity-consent-needed = لا يُسجَّل الشخص دون موافقته.
activity-register = تسجيل المستفيد
activities-registered = أشخاص مسجلون (دون تكرار)
activities-progress = التقدم نحو الهدف
activities-target-activities = { $category ->
    [zero] من هدف بلا نشاط
    [one] من هدف نشاط واحد
    [two] من هدف نشاطين
    [few] من هدف { $count } أنشطة
    [many] من هدف { $count } نشاطاً
   *[other] من هدف { $count } نشاط
}
activities-target-beneficiaries = { $category ->
    [zero] من هدف بلا مستفيد
    [one] من هدف مستفيد واحد
    [two] من هدف مستفيدَين
    [few] من هدف { $count } مستفيدين
    [many] من هدف { $count } مستفيداً
   *[other] من هدف { $count } مستفيد
}
activities-ranked = الأعلى والأدنى تغطية
activities-top = الأعلى (لكل 100 ألف نسمة)
activities-bottom = الأدنى (لكل 100 ألف نسمة)
activity-correct = تصحيح النشاط
activity-correct-hint = النشاط المبرمج الذي تم إنجازه يصبح منجزًا بأعداده، ويُصحَّح العدد المُدخل خطأً. النشاط المرفوض بعد تصحيحه يعود إلى التحقق. أما النشاط المُتحقَّق منه فلا يُعدَّل.
activity-delete = حذف النشاط
activity-delete-hint = فقط لنشاط سُجِّل خطأً: يخرج من الأرقام فورًا، ويبقى الحذف في سجل التدقيق.
activity-partners = الهيئات الشريكة
activity-partners-hint = واحدة في كل سطر، أو مفصولة بفواصل.
activity-too-many-partners = عشرون شريكًا على الأكثر.
activity-volunteers = المتطوعون
activity-volunteers-hint = أشخاص من السجل تطوعوا في هذا النشاط (لا المستفيدون منه): رقم بطاقتهم.
activity-add-volunteer = إضافة المتطوع
activities-volunteers = المتطوعون (أشخاص متمايزون)
activity-photos = الصور (إثبات)
activity-photo = صورة
activity-photo-add = إضافة صورة
activity-photo-hint = ‏JPEG أو PNG أو WebP، في حدود 15 ميغابايت. تُصغَّر وتُحفظ دون بياناتها الوصفية: يُحذف المكان والوقت اللذان كتبهما الهاتف فيها. 12 صورة على الأكثر.
activity-photos-private = الصور تُظهر أشخاصًا: لا يراها إلا من يحق له الاطلاع على أشخاص هذا النشاط.
activity-photo-send = إرسال الصورة
activity-photo-remove = حذف
photo-choose-file = اختر صورة.
photo-too-large = الصورة تتجاوز 15 ميغابايت.
photo-type = لا تُقبل إلا صورة JPEG أو PNG أو WebP.
photo-pixels = الصورة أكبر من أن تُقرأ (12.000 بكسل في الضلع و50 ميغابكسل على الأكثر).
photo-damaged = الصورة تالفة ولا يمكن قراءتها.
photo-too-many = لهذا النشاط 12 صورة: احذف واحدة أولاً.
activity-until = اليوم الأخير (إن دام النشاط عدة أيام)
activity-until-hint = اتركه فارغاً لنشاط يوم واحد. يُحتسب النشاط في يومه الأول.
activity-until-before = اليوم الأخير يسبق اليوم الأول.
activity-too-long = لا يتجاوز النشاط ثلاثة أشهر: سجّل كل مرحلة من برنامج أطول على حدة.
activity-last-day = اليوم الأخير
activity-category-not-counted = هذا النوع من الأنشطة لا يحتسب هذه الفئة.
activity-types-title = أنواع الأنشطة وفئات المستفيدين
activity-types-hint = الأنواع المقترحة عند تسجيل نشاط، والفئات التي يُحصى فيها مستفيدوه. يحتفظ النوع الموقوف بأنشطته وأرقامه؛ لا يُقترح فقط بعد ذلك.
activity-types-counts = الفئات المحتسبة
activity-types-counts-hint = إن لم تُحدَّد أي فئة: كل الفئات.
activity-types-every-category = كل الفئات
activity-types-offered = مقترح
activity-types-offered-yes = مقترح
activity-types-retired = موقوف
activity-types-change = تعديل
activity-types-name-ar = الاسم بالعربية
activity-types-name-fr = الاسم بالفرنسية
activity-types-name-en = الاسم بالإنجليزية
activity-types-icon = الأيقونة
activity-types-add = إضافة نوع
activity-categories-title = فئات المستفيدين
activity-categories-add = إضافة فئة
category-kind = طريقة الاحتساب
category-in-total = ضمن المجموع (مثل النساء والرجال والأطفال)
category-of-whom = «منهم»، داخل المجموع (مثل الشباب)
settings-code = الرمز
settings-code-hint = حروف لاتينية صغيرة وأرقام و- أو _؛ لا يتغير أبداً.
settings-code-format = من 2 إلى 40 حرفاً لاتينياً صغيراً أو رقماً أو - أو _، يبدأ بحرف.
settings-code-taken = هذا الرمز مستعمل.
settings-number = عدد صحيح ابتداءً من 0.
settings-outside-campaign = أعط رمز وحدة ترابية داخل نطاق الحملة.
icon-caravan = قافلة
icon-women = نساء
icon-digital = رقمي
icon-training = تكوين
icon-solidarity = تضامن
icon-school = مدرسة
icon-environment = بيئة
icon-culture = ثقافة
icon-sport = رياضة
icon-other = أخرى
campaigns-title = حملات العمل التطوعي
campaigns-hint = تحتسب الحملة أنشطة أنواعها المسجلة في فترتها وترابها، مقارنة بأهدافها.
campaigns-none = لا توجد حملة بعد.
campaigns-add = فتح حملة
campaign = الحملة
campaign-period = الفترة
campaign-from = اليوم الأول
campaign-to = اليوم الأخير
campaign-scope = التراب
campaign-scope-hint = رمز وحدة ترابية: MA للبلد كله، أو جهة (03) أو إقليم (03.561).
campaign-types = الأنواع المحتسبة
campaign-types-hint = إن لم يُحدَّد أي نوع: كل الأنواع.
campaign-every-type = كل الأنواع
campaign-target-activities = الهدف: الأنشطة
campaign-target-beneficiaries = الهدف: المستفيدون المحصَون
campaign-figures = الأرقام
campaign-joins-hint = تنضم إليها الأنشطة المسجلة سلفاً في فترتها وترابها والتي لا تُحتسب في أي حملة.
campaign-targets = الأهداف حسب التراب والنوع
campaign-targets-hint = ما بلغه كل هدف: أنشطة الحملة المنجزة والمتحقق منها، ومستفيدوها المحصَون.
campaign-no-targets = لا هدف دون هدف الحملة نفسها.
campaign-set-target = تحديد هدف
campaign-target-territory = التراب
campaign-target-zero-hint = القيمتان 0 تحذفان الهدف.
activities-target-here = الهدف هنا
activity-also = جماعات أخرى مرّ بها النشاط
activity-also-hint = قافلة مرّت بعدة دواوير: حدّد الجماعات الأخرى من الإقليم. يُحتسب النشاط مرة واحدة، بكل مستفيديه، في جماعته الأولى.
activity-also-in = وأيضاً في
activity-also-outside = جماعات أخرى من الإقليم نفسه فقط.
activity-also-too-many = 12 جماعة أخرى على الأكثر.
activity-organizer = الجهة المنظِّمة
activity-organizer-hint = الهيئة التي نظّمت النشاط؛ يتحقق منه منسق أعلى منها.
activities-map-by = التلوين حسب
activities-map-coverage = التغطية لكل 100 ألف نسمة
activities-map-activities = الأنشطة
activities-map-beneficiaries = المستفيدون المحصَون
activities-map-verification = نسبة التحقق
activities-map-progress = التقدم نحو الهدف
activities-map-legend-coverage = مستفيدون لكل 100 ألف نسمة، يضم كل لون نحو خُمس الأماكن:
activities-map-legend-activities = الأنشطة، يضم كل لون نحو خُمس الأماكن:
activities-map-legend-beneficiaries = المستفيدون المحصَون، يضم كل لون نحو خُمس الأماكن:
activities-map-legend-verification = المتحقق منها من بين الأنشطة المحتسبة:
activities-map-legend-progress = المستفيدون المحصَون مقارنة بالهدف (دون لون: لا هدف):
