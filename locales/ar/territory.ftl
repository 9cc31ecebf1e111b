figure-population-2024 = السكان (2024)
figure-households-2024 = الأسر (2024)
figure-change-since-2014 = التطور منذ 2014
figure-area = المساحة (كلم²)
figure-urban-communes = الجماعات الحضرية
figure-rural-communes = الجماعات القروية
figure-branches-title = فروع الحزب
figure-branches = { $category ->
    [zero] لا فرع
    [one] فرع واحد
    [two] فرعان
    [few] { $count } فروع
    [many] { $count } فرعاً
   *[other] { $count } فرع
}
figure-inhabitants = { $category ->
    [zero] لا نسمة
    [one] نسمة واحدة
    [two] نسمتان
    [few] { $count } نسمات
    [many] { $count } نسمة
   *[other] { $count } نسمة
}
figure-source-census = المصدر: المندوبية السامية للتخطيط، الإحصاء العام للسكان والسكنى 2024. الفروع والمنخرطون (في وضعية سليمة): سجلات الحزب، محدّثة عند كل تغيير.
territory-communes-count = { $category ->
    [zero] لا جماعة
    [one] جماعة واحدة
    [two] جماعتان
    [few] { $count } جماعات
    [many] { $count } جماعة
   *[other] { $count } جماعة
}
territory-subunits = الوحدات التابعة
territory-party-units = الفروع
territory-no-party-units = لا يوجد فرع للحزب هنا بعد.
territory-add-unit = إضافة وحدة
kind-province = إقليم
kind-prefecture = عمالة
kind-prefecture-of-arrondissements = عمالة مقاطعات
kind-urban = جماعة حضرية
kind-rural = جماعة قروية
kind-branch = فرع محلي
kind-section = فرع بالخارج
level-country = دولة
level-region = جهة
level-province = إقليم
level-cercle = دائرة
level-commune = جماعة
level-arrondissement = مقاطعة
level-branch = فرع
level-abroad = الفروع بالخارج
level-abroad-country = بلد
level-abroad-city = مدينة
new-unit-title-branch = فرع جديد
new-unit-title-abroad-country = بلد جديد
new-unit-title-abroad-city = مدينة جديدة
branch-prefix = فرع
field-country-code-label = رمز البلد (حرفان، ISO 3166)
field-name-ar = الاسم بالعربية
field-name-fr = الاسم بالحروف اللاتينية
figure-members-title = المنخرطون
figure-members = { $category ->
    [zero] لا منخرط
    [one] منخرط واحد
    [two] منخرطان
    [few] { $count } منخرطين
    [many] { $count } منخرطاً
   *[other] { $count } منخرط
}
branch-import-title = استيراد لائحة فروع
branch-import-link = استيراد لائحة فروع
branch-import-commune = الجماعة
branch-import-name-ar = الاسم بالعربية
branch-import-name-fr = الاسم بالفرنسية
branch-import-founded-on = تاريخ التأسيس
branch-import-file = اللائحة (CSV أو Excel ‏.xlsx)
branch-import-hint = سطر لكل فرع، تحت سطر عناوين يسمّي الأعمدة: الجماعة (رمزها لدى المندوبية السامية للتخطيط، أو اسمها بالعربية أو بالفرنسية)، واسم الفرع بالعربية وبالفرنسية، وتاريخ تأسيسه (اختياري؛ تاريخ اليوم إن كان فارغاً).
branch-import-check = التحقق من اللائحة
branch-import-again = التحقق من ملف آخر
branch-import-verdict = النتيجة
branch-import-ready = جاهز
branch-import-passed = { $count ->
    [one] فرع واحد جاهز للاستيراد.
    [two] فرعان جاهزان للاستيراد.
    [few] { $count } فروع جاهزة للاستيراد.
   *[other] { $count } فرعاً جاهزاً للاستيراد.
}
branch-import-refused = { $count ->
    [one] سطر واحد مرفوض
    [two] سطران مرفوضان
    [few] { $count } أسطر مرفوضة
   *[other] { $count } سطراً مرفوضاً
}
branch-import-apply = { $count ->
    [one] استيراد هذا الفرع
    [two] استيراد الفرعين
   *[other] استيراد هذه الفروع ({ $count })
}
branch-import-apply-hint = الأسطر المرفوضة لن تُستورد: صحّحها في الملف ثم أعد التحقق منه لاستيرادها.
branch-import-made = { $count ->
    [one] أُنشئ فرع واحد مع مكتبه.
    [two] أُنشئ فرعان، لكل منهما مكتبه.
   *[other] أُنشئت الفروع ({ $count })، لكل منها مكتبه.
}
branch-import-missing-columns = لا يوجد سطر عناوين يسمّي هذه الأعمدة:
branch-import-too-many-rows = لا تتجاوز اللائحة { $count } فرع.
branch-import-no-rows = في الملف سطر عناوين لكن لا فرع تحته.
branch-import-commune-outside = هذه الجماعة خارج المكان الذي تستورد فيه، أو خارج نطاقك.
branch-import-founded-ahead = لا يمكن أن يكون تاريخ التأسيس في المستقبل.
branch-import-exists = في هذه الجماعة فرع بهذا الاسم من قبل (مسجّل، أو في سطر أعلى من الملف).
branch-manage-title = تدبير هذا الفرع
branch-rename = تغيير الاسم
branch-close = إغلاق أو دمج
branch-close-hint = يحتفظ الفرع المغلق بصفحته واجتماعاته ومنخرطيه السابقين؛ لكنه لا يُحتسب ضمن الفروع ولا يستقبل منخرطين جدداً.
branch-close-on = آخر يوم
branch-close-reason = السبب
branch-close-members = منخرطوه
branch-close-lapse = يبقون مع الفرع المغلق، كمنخرطين غير مجدِّدين
branch-close-merge = ينتقلون إلى فرع آخر (دمج الفرعين)
branch-merge-into = الفرع الذي ينضمون إليه
branch-close-submit = إغلاق الفرع
branch-close-ahead = لا يمكن أن يكون آخر يوم في المستقبل.
branch-merge-choose = اختر الفرع الذي ينضم إليه منخرطوه.
branch-closed-on = أُغلق في
branch-merged-into = دُمج في
