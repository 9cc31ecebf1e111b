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
