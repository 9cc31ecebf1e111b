# Branch renewal.
renewal-title = تجديد الفروع
renewal-no-campaign = لا حملة تجديد بعد.
renewal-open = فتح حملة تجديد
renewal-code = رمز الحملة
renewal-code-format = حروف لاتينية وأرقام و _ أو - فقط.
renewal-code-taken = هذا الرمز مستعمل لحملة أخرى.
renewal-scope = المجال (رمز الوحدة، MA للوطني)
renewal-unknown-scope = وحدة ترابية غير معروفة.
renewal-min-paid = الحد الأدنى من المنخرطين المؤدين لواجب السنة لعقد الجمع العام
renewal-min-paid-range = عدد صحيح بين 0 و10000.
renewal-min-paid-needed = { $category ->
    [zero] بلا حد أدنى
    [one] يلزم منخرط واحد
    [two] يلزم منخرطان
    [few] يلزم { $count } منخرطين
    [many] يلزم { $count } منخرطاً
   *[other] يلزم { $count } منخرط
}
renewal-definition = فروع الحملة في هذا المجال حسب المرحلة. نسبة التجديد: الفروع المصادق على تجديدها من طرف الإقليم من بين الفروع غير المدمجة. المتأخرة: فروع لم تُتمّ تجديدها بعد انتهاء الحملة، أو دُعي جمعها العام ومرّ تاريخه دون تسجيل انعقاده. الفروع الجديدة: أُحدثت خلال الحملة؛ الجماعات المغطاة حديثاً: لم يكن بها فرع من قبل.
renewal-validated-of = { $category ->
    [zero] لا فرع مصادق عليه
    [one] فرع واحد مصادق عليه
    [two] فرعان مصادق عليهما
    [few] { $count } فروع مصادق عليها
    [many] { $count } فرعاً مصادقاً عليه
   *[other] { $count } فرع مصادق عليه
}
renewal-all = كل الفروع
renewal-urban = جماعات حضرية
renewal-rural = جماعات قروية
renewal-rate = نسبة التجديد
renewal-overdue = متأخرة
renewal-new = جديد
renewal-new-branches = فروع جديدة
renewal-new-communes = جماعات مغطاة حديثاً
renewal-branches = الفروع
renewal-stage = المرحلة
renewal-stage-due = في انتظار الدعوة
renewal-stage-convened = دُعي الجمع العام
renewal-stage-held = انعقد الجمع العام
renewal-stage-elected = انتُخب المكتب
renewal-stage-validated = صادق عليه الإقليم
renewal-stage-lapsed = متوقف
renewal-stage-merged = مدمج
renewal-show-overdue = المتأخرة
renewal-show-new = الجديدة
renewal-show-urban = الحضرية
renewal-show-rural = القروية
renewal-assembly = تاريخ الجمع العام
renewal-convene = الدعوة إلى الجمع العام
renewal-convene-hint = يُعدّ الاستدعاء مرسلاً إلى المنخرطين المؤدين لواجب السنة.
renewal-hold = تسجيل انعقاد الجمع العام
renewal-held-on = تاريخ الانعقاد
renewal-present-members = المنخرطون الحاضرون (المؤدون لواجب السنة)
renewal-paid-members = المنخرطون المؤدون لواجب السنة
renewal-elect = انتخاب المكتب
renewal-elected-on = تاريخ الانتخاب
renewal-secretary = الكاتب المحلي
renewal-treasurer = أمين المال
renewal-bureau-members = أعضاء المكتب الآخرون
renewal-validate = المصادقة على التجديد
renewal-close = توقيف الفرع أو دمجه
renewal-merged-into = مدمج في الفرع (الرمز)
renewal-lapse = توقيف
renewal-merge = دمج
renewal-before-campaign = التاريخ سابق لبداية الحملة.
renewal-date-in-future = لا يمكن تسجيل حدث في تاريخ لاحق.
renewal-not-enough-paid-members = عدد المنخرطين المؤدين لواجب السنة أقل من الحد الأدنى لعقد الجمع العام.
renewal-not-eligible = هذا الشخص ليس منخرطاً مؤدياً لواجب السنة في الفرع.
renewal-no-quorum = لم يكتمل النصاب: لا يمكن انتخاب المكتب؛ ادعُ إلى جمع عام جديد.
renewal-elected-not-present = يُنتخب من بين الحاضرين في الجمع العام فقط.
renewal-one-seat-each = لا يشغل الشخص نفسه مقعدين.
renewal-no-bureau = لا مكتب لهذا الفرع في إعداد الهيئات.
renewal-unknown-branch = فرع غير معروف في هذه الحملة.
nav-renewal = التجديد
renewal-map = خريطة نسبة التجديد
