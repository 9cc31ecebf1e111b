login-title = تسجيل الدخول
login-username = اسم المستخدم
login-password = كلمة المرور
login-submit = دخول
login-required = هذه الصفحة تتطلب تسجيل الدخول.
login-refused = اسم المستخدم أو كلمة المرور غير صحيحين.
login-throttled = محاولات كثيرة. انتظر ربع ساعة ثم أعد المحاولة.
account-title = حسابي
account-display-name = الاسم
account-roles = أدواري
password-change-title = تغيير كلمة المرور
password-must-change = كلمة المرور التي توصلت بها صالحة لمرة واحدة: اختر كلمة مرور خاصة بك للمتابعة.
password-changed = تم تغيير كلمة المرور.
password-current = كلمة المرور الحالية
password-new = كلمة المرور الجديدة
password-rule = { $category ->
    [zero] بلا حد أدنى.
    [one] حرف واحد على الأقل.
    [two] حرفان على الأقل.
    [few] { $count } أحرف على الأقل؛ يفضّل استعمال جملة يسهل تذكرها.
    [many] { $count } حرفاً على الأقل؛ يفضّل استعمال جملة يسهل تذكرها.
   *[other] { $count } حرف على الأقل؛ يفضّل استعمال جملة يسهل تذكرها.
}
password-confirm = أعد كتابة كلمة المرور الجديدة
password-submit = تغيير كلمة المرور
password-current-wrong = كلمة المرور الحالية غير صحيحة.
password-too-short = كلمة المرور قصيرة جداً (12 حرفاً على الأقل).
password-too-obvious = اختر كلمة مرور مختلفة عن السابقة ولا تتضمن اسم المستخدم.
password-mismatch = الكلمتان غير متطابقتين.

second-factor-title = رمز الدخول
second-factor-code = الرمز المكوّن من 6 أرقام في تطبيق المصادقة
second-factor-hint = كل رمز استرداد يصلح مرة واحدة. ثم فعّل الدخول بخطوتين من جديد على هاتفك الجديد.
second-factor-submit = دخول
second-factor-refused = هذا الرمز غير صحيح أو سبق استعماله. اكتب الرمز الذي يعرضه التطبيق الآن.
second-factor-start-over = البدء من جديد
two-factor-title = الدخول بخطوتين
two-factor-why = بعد كلمة المرور، رمز من تطبيق على هاتفك: من يعرف كلمة مرورك لا يستطيع الدخول مع ذلك.
two-factor-required = دورك يتيح الاطلاع على ملف كل منخرط: فعّل الدخول بخطوتين قبل المتابعة.
two-factor-step-app = ثبّت تطبيق مصادقة على هاتفك (FreeOTP أو Aegis أو Google Authenticator أو Microsoft Authenticator…).
two-factor-step-scan = في التطبيق، أضف حساباً بمسح هذا الرمز، أو افتحه على هذا الهاتف:
two-factor-open-app = فتح في تطبيق المصادقة
two-factor-step-type = أو اكتب هذا المفتاح:
two-factor-step-confirm = اكتب الرمز المكوّن من 6 أرقام الذي يعرضه التطبيق، للتأكيد.
two-factor-first-code = الرمز الذي يعرضه التطبيق
two-factor-turn-on = تفعيل
two-factor-code-wrong = هذا الرمز غير صحيح أو انتهت صلاحيته. اكتب الرمز المعروض الآن (تحقق من ساعة الهاتف).
two-factor-codes-intro = الدخول بخطوتين مفعّل. هذه رموز الاسترداد: كل رمز يتيح الدخول مرة واحدة دون هاتفك.
two-factor-codes-once = دوّنها أو اطبعها الآن واحفظها بعيداً عن هاتفك: لن تُعرض مرة أخرى.
two-factor-continue = متابعة
two-factor-on = الدخول بخطوتين مفعّل.
two-factor-since = منذ
two-factor-codes-left = { $count ->
    [0] لم يبق أي رمز استرداد: أنشئ رموزاً جديدة.
    [one] بقي رمز استرداد واحد.
    [two] بقي رمزا استرداد.
    [few] بقيت { $count } رموز استرداد.
   *[other] بقي { $count } رمز استرداد.
}
two-factor-current-code = رمز من التطبيق (أو رمز استرداد، لإيقاف التفعيل)
two-factor-new-codes = رموز استرداد جديدة
two-factor-turn-off = إيقاف التفعيل
two-factor-off-hint = هاتف جديد؟ أوقف التفعيل، ثم فعّله من جديد على الهاتف الجديد.
two-factor-off-required = هاتف جديد؟ أوقف التفعيل، ثم فعّله فوراً على الهاتف الجديد: دورك يفرض ذلك.
tokens-title = رموز الوصول
tokens-intro = لبرنامج أو جدول بيانات يقرأ الواجهة البرمجية باسمك وبأدوارك. يُعرض كل رمز مرة واحدة؛ ألغِ الرمز الذي لم تعد تستعمله.
tokens-none = لا يوجد أي رمز.
tokens-created = أُنشئ في
tokens-expires = ينتهي في
tokens-last-used = آخر استعمال في
tokens-revoke = إلغاء
tokens-label = الغرض منه
tokens-valid-for = صالح لمدة
tokens-days = { $count ->
    [one] يوم واحد
    [two] يومين
    [few] { $count } أيام
   *[other] { $count } يوماً
}
tokens-create = إنشاء رمز
tokens-made = أُنشئ الرمز
tokens-shown-once = انسخه الآن: لن يُعرض مرة أخرى. من يملكه يتصرف باسمك؛ احفظه كما تحفظ كلمة المرور.
tokens-how = أرسله في ترويسة كل طلب: Authorization: Bearer <الرمز>. الواجهة البرمجية موصوفة في /api/openapi.json.
second-factor-lost-phone = فقدت هاتفك؟
second-factor-recovery-code = أحد رموز الاسترداد
two-factor-codes-download = حفظها في ملف
two-factor-codes-file-title = ميزان: رموز استرداد الدخول بخطوتين (كل رمز يصلح مرة واحدة)
