users-title = المستخدمون
users-hint = من يستعمل ميزان في نطاقك، بأدوارهم. يمنح كل مسؤول أدوارا أدنى من دوره، داخل نطاقه فقط.
users-none = لا مستخدمين في نطاقك.
users-disabled = موقوف
users-invited = مدعو، لم يدخل بعد
users-no-role = بلا دور
users-last-sign-in = آخر دخول:
users-never-signed-in = لم يدخل قط
users-everywhere = كل التراب
users-invite = دعوة مستخدم
users-invite-hint = يُنشأ الحساب برابط يُعرض مرة واحدة، يختار به المستخدم كلمة مروره.
users-username = اسم المستخدم (حروف لاتينية صغيرة وأرقام ونقطة)
users-display-name = الاسم كما يظهر
users-role = الدور
users-scope = النطاق (رمز الوحدة الترابية)
users-scope-hint = اختر جهة أو إقليما، أو اكتب رمز جماعة أو فرع.
users-organization = التنظيم
users-any-organization = كل التنظيمات (غير المحجوبة)
users-roles = الأدوار
users-revoke = سحب
users-not-yours = هذا المستخدم يحمل دورا لا يمنحه دورك: لا يمكنك تعديله.
users-grant = منح دور
users-account = الحساب
users-account-hint = الإيقاف ينهي جلساته ويلغي مفاتيحه فورا. إعادة التعيين تعطي رابطا جديدا لاختيار كلمة مرور.
users-enable = إعادة التفعيل
users-disable = إيقاف
users-reset = إعادة تعيين كلمة المرور
users-sessions = الجلسات المفتوحة
users-end-sessions = إنهاء كل الجلسات
users-tokens = مفاتيح الوصول
users-link-title = رابط الدخول
users-invited-done = أُنشئ الحساب
users-reset-done = أُعيد تعيين كلمة المرور
users-link-hint = { $category ->
    [zero] يصلح هذا الرابط { $count } ساعة، لمرة واحدة:
    [one] يصلح هذا الرابط ساعة واحدة، لمرة واحدة:
    [two] يصلح هذا الرابط ساعتين، لمرة واحدة:
    [few] يصلح هذا الرابط { $count } ساعات، لمرة واحدة:
   *[other] يصلح هذا الرابط { $count } ساعة، لمرة واحدة:
}
users-link-once = لن يُعرض هذا الرابط مرة أخرى: أرسله إلى صاحبه بنفسك.
users-back = العودة إلى المستخدم
user-name-format = من 3 إلى 64 حرفا: حروف لاتينية صغيرة وأرقام ونقطة وشرطة، يبدأ بحرف أو رقم.
user-name-taken = اسم المستخدم هذا مستعمل.
user-not-yourself = لا توقف حسابك بنفسك.
signup-title = اختيار كلمة المرور
signup-hint = مرحبا. اختر كلمة مرور لحسابك:
signup-apply = الدخول
account-administration = الإدارة
users-two-factor = الدخول بخطوتين مفعّل
users-reset-two-factor = إيقاف الدخول بخطوتين
users-own-role = لا يمكنك سحب دورك بنفسك: يقوم بذلك مسؤول آخر.
