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
