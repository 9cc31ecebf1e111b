# مقهى السياسات: أسئلة الشباب وأجوبة المسؤولين مباشرة.
nav-cafe = مقهى السياسات
cafe-title = مقهى السياسات
cafe-join-intro = اكتب الرمز المعروض في القاعة للانضمام إلى الجلسة. بلا حساب وبلا رقم هاتف.
cafe-code = رمز الجلسة
cafe-join = انضمام
cafe-unknown-code = لا توجد جلسة بهذا الرمز. تحقق من الرمز المعروض على الشاشة.
cafe-phase-not-yet-open = لم تُفتح الجلسة بعد.
cafe-phase-open = باب الأسئلة مفتوح.
cafe-phase-paused = الأسئلة متوقفة للحظة.
cafe-phase-closed = انتهت الجلسة.
cafe-now-answering = يُجاب عنه الآن
cafe-ask = اطرح سؤالًا
cafe-your-question = سؤالك
cafe-max-characters = { $category ->
    [few] حتى { $count } أحرف
    [many] حتى { $count } حرفًا
   *[other] حتى { $count } حرف
}
cafe-first-name = اسمك الشخصي
cafe-first-name-optional = اسمك الشخصي (اختياري)
cafe-age-band = سنك (اختياري)
cafe-age-none = أفضّل عدم الإفصاح
cafe-age-15-17 = 15–17 سنة
cafe-age-18-24 = 18–24 سنة
cafe-age-25-34 = 25–34 سنة
cafe-age-35-plus = 35 سنة فما فوق
cafe-privacy = لا نطلب أبدًا هاتفك ولا بطاقتك الوطنية ولا بريدك الإلكتروني. يصبح سؤالك علنيًا بعد نشره.
cafe-send = إرسال
cafe-asked-pending = شكرًا! سيظهر سؤالك بعد أن يطّلع عليه أحد المشرفين.
cafe-asked-published = شكرًا! نُشر سؤالك.
cafe-top = الأسئلة الأكثر تأييدًا
cafe-answered-questions = أسئلة أُجيب عنها
cafe-newest = الأحدث
cafe-no-question = لا أسئلة بعد.
cafe-anonymous = مجهول
cafe-answered = تمت الإجابة
cafe-vote = صوّت لهذا السؤال
cafe-withdraw-vote = سحب صوتي
cafe-votes = { $category ->
    [two] صوتان
    [few] أصوات
    [many] صوتًا
   *[other] صوت
}
cafe-vote-count = { $category ->
    [zero] لا صوت
    [one] صوت واحد
    [two] صوتان
    [few] { $count } أصوات
    [many] { $count } صوتًا
   *[other] { $count } صوت
}
cafe-archive = أرشيف الجلسة
cafe-stage = شاشة المنصة
cafe-stage-join = اطرحوا أسئلتكم:
cafe-no-session = لا جلسات بعد.
cafe-open-session = فتح جلسة
cafe-session-title = العنوان
cafe-event = النشاط
cafe-place = المكان
cafe-territory = المجال الترابي للنشاط (من القائمة، أو رمز جماعة)
cafe-organization = التنظيم
cafe-no-organization = لم يُعرَّف أي تنظيم بعد: يعرّف المسؤول الوطني الحزب وتنظيماته أولاً.
cafe-opens-at = موعد الافتتاح (بتوقيت المغرب)
cafe-minutes = المدة بالدقائق
cafe-max-length = أقصى طول للسؤال (بالحروف)
cafe-votes-per-device = عدد الأصوات لكل جهاز (0: بلا حد)
cafe-premoderation = الإشراف قبل النشر
cafe-anonymous-allowed = السماح بالأسئلة دون اسم
cafe-territory-outside = هذا المجال الترابي خارج نطاقك أو غير موجود.
cafe-time-format = حدد اليوم والساعة.
cafe-minutes-range = بين 10 و1.440 دقيقة.
cafe-length-range = بين 50 و2.000 حرف.
cafe-votes-range = عدد صحيح من 0 إلى 1.000.
cafe-question-too-long = هذا السؤال أطول مما تسمح به هذه الجلسة.
cafe-name-needed = تطلب هذه الجلسة الاسم الشخصي.
cafe-unknown-age-band = فئة عمرية غير معروفة.
cafe-panel = المتدخلون
cafe-name-latin = الاسم بالحروف اللاتينية
cafe-role = الصفة
cafe-sectors = القطاعات التي يجيب عنها
cafe-add-panelist = إضافة إلى المتدخلين
cafe-panelist-name = اكتب الاسم بالعربية أو بالحروف اللاتينية.
cafe-panelist-person = من سجل الأعضاء (اختياري)
cafe-panelist-guest = أو ضيف من خارج السجل: اكتب اسمه.
cafe-unknown-sector = قطاع غير معروف.
cafe-pending = في انتظار الإشراف
cafe-published = منشورة
cafe-set-aside = مخفية ومدمجة
cafe-queue-empty = لا شيء في الانتظار.
cafe-approve = نشر
cafe-hide = إخفاء
cafe-hide-reason = سبب الإخفاء
cafe-reason-needed = اذكر السبب: يُنشر في سجل الإشراف.
cafe-hidden-because = مخفي:
cafe-merge = دمج
cafe-merge-into = دمج في السؤال رقم
cafe-merge-target = اذكر رقم سؤال آخر من هذه الجلسة، غير مخفي وغير مدمج.
cafe-merged-into = مدمج في
cafe-pin = تثبيت (يُجاب عنه)
cafe-unpin = إلغاء التثبيت
cafe-mark-answered = تمت الإجابة
cafe-tag = تصنيف
cafe-sector = القطاع
cafe-unknown-action = إجراء إشراف غير معروف.
cafe-pause = إيقاف الأسئلة والتصويت
cafe-pause-reason = السبب (اختياري)
cafe-resume = استئناف
cafe-pause-hint = يوقف الأسئلة والتصويت فورًا على كل الهواتف وعلى الشاشة.
cafe-hide-reason-off-topic = خارج الموضوع
cafe-hide-reason-abuse = إساءة أو سب
cafe-hide-reason-personal-data = معطيات شخصية
cafe-hide-reason-advertising = إشهار
cafe-hide-reason-unclear = غير مفهوم
cafe-merge-into-alike = نفس السؤال: دمج في
cafe-more-actions = إجراءات أخرى
cafe-moderation-log = سجل الإشراف
cafe-moderation-log-help = كل إجراء قام به المشرفون مع سببه. لا تُعرض الأسئلة المخفية، بل سبب إخفائها فقط.
cafe-log-empty = لا إجراءات إشراف بعد.
cafe-questions-answers = الأسئلة والأجوبة
cafe-record-answer = تسجيل الجواب
cafe-answer = الجواب المقدَّم
cafe-answered-by = أجاب
cafe-commitment = الالتزام
cafe-due = الأجل
cafe-save-answer = حفظ الجواب
cafe-unknown-panelist = اختر أحد المتدخلين.
cafe-col-time = الساعة
cafe-col-number = الرقم
cafe-col-action = الإجراء
cafe-col-reason = السبب
cafe-col-moderator = المشرف
cafe-col-status = الحالة
cafe-col-votes = الأصوات
cafe-col-sector = القطاع
cafe-col-question = السؤال
cafe-col-asked-at = وقت الطرح
cafe-col-first-name = الاسم الشخصي
cafe-col-age-band = الفئة العمرية
cafe-col-answer = الجواب
cafe-commitments-help = ما التزم به المتدخلون ردًا على الأسئلة، ولمن يريد المتابعة: من، بماذا، وفي أي أجل.
cafe-all-sectors = كل القطاعات
cafe-col-commitments = الالتزامات
cafe-status-pending = في الانتظار
cafe-status-published = منشور
cafe-status-hidden = مخفي
cafe-status-merged = مدمج
cafe-action-approve = نُشر
cafe-action-hide = أُخفي
cafe-action-merge = أُدمج
cafe-action-tag = صُنّف
cafe-action-untag = أُزيل تصنيفه
cafe-action-answer = سُجّل جوابه
cafe-action-pin = ثُبّت
cafe-action-unpin = أُلغي تثبيته
cafe-action-answered = أُجيب عنه
cafe-action-pause = أُوقفت الجلسة
cafe-action-resume = استُؤنفت الجلسة
cafe-sector-education = التعليم
cafe-sector-employment = التشغيل
cafe-sector-health = الصحة
cafe-sector-housing = السكن
cafe-sector-digital = الرقمنة
cafe-sector-culture = الثقافة
cafe-sector-sport = الرياضة
cafe-sector-environment = البيئة
cafe-sector-governance = الحكامة
cookies-device = يميّز هاتفك في جلسة مقهى السياسات (صوت واحد لكل سؤال) دون معرفة هويتك.
cookies-device-lifetime = 400 يوم
cafe-refreshes = دون جافاسكريبت تُحدَّث هذه الصفحة تلقائيًا كل بضع ثوانٍ.
cafe-refresh-now = تحديث الآن
cafe-back-to-questions = العودة إلى الأسئلة
