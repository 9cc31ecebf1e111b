-- What an organization configures about its volunteering, as data: which beneficiary categories
-- apply to an activity type, which types a campaign counts, and a campaign's targets by
-- territory and type. Twin of migrations/sqlite/0016_activity_settings.sql.
--
-- The categories and types most parties use are shipped; the national admin adds others
-- (/activity-types) and may rename or retire any.

-- The categories an activity type counts; a type without rows counts every category.
CREATE TABLE activity_type_categories (
    type_id     BIGINT NOT NULL REFERENCES activity_types (id),
    category_id BIGINT NOT NULL REFERENCES beneficiary_categories (id),
    PRIMARY KEY (type_id, category_id)
);

-- The types a campaign counts; a campaign without rows counts every type. An activity belongs
-- to the campaign whose period holds its first day, whose scope holds its commune, and which
-- counts its type.
CREATE TABLE campaign_types (
    campaign_id BIGINT NOT NULL REFERENCES volunteer_campaigns (id),
    type_id     BIGINT NOT NULL REFERENCES activity_types (id),
    PRIMARY KEY (campaign_id, type_id)
);

-- Targets below the campaign's own (which is for its whole scope and every type): for one
-- territory inside its scope, for every type (type_id 0) or one.
CREATE TABLE campaign_targets (
    campaign_id    BIGINT NOT NULL REFERENCES volunteer_campaigns (id),
    territory_code TEXT NOT NULL REFERENCES territory_units (code),
    type_id        BIGINT NOT NULL,
    activities     BIGINT NOT NULL,
    beneficiaries  BIGINT NOT NULL,
    PRIMARY KEY (campaign_id, territory_code, type_id)
);

INSERT INTO beneficiary_categories (code, name_ar, name_fr, name_en, in_total, rank) VALUES
    ('women', 'نساء', 'Femmes', 'Women', TRUE, 0),
    ('men', 'رجال', 'Hommes', 'Men', TRUE, 1),
    ('children', 'أطفال', 'Enfants', 'Children', TRUE, 2),
    ('youth', 'منهم شباب (15–34)', 'dont jeunes (15–34 ans)', 'of whom youth (15–34)', FALSE, 3),
    ('elderly', 'منهم مسنون', 'dont personnes âgées', 'of whom elderly', FALSE, 4),
    ('disabled', 'منهم أشخاص في وضعية إعاقة', 'dont personnes en situation de handicap',
     'of whom people with disabilities', FALSE, 5);

INSERT INTO activity_types (code, name_ar, name_fr, name_en, icon, active) VALUES
    ('medical_caravan', 'قافلة طبية', 'Caravane médicale', 'Medical caravan', 'caravan', TRUE),
    ('women_projects', 'دعم النساء حاملات المشاريع', 'Appui aux femmes porteuses de projets',
     'Support to women carrying projects', 'women', TRUE),
    ('digital_support', 'حملة الدعم الرقمي', 'Campagne d''appui numérique', 'Digital-support campaign',
     'digital', TRUE),
    ('youth_training', 'تكوين الشباب', 'Formation des jeunes', 'Youth training', 'training', TRUE),
    ('rural_solidarity', 'التضامن القروي', 'Solidarité rurale', 'Rural solidarity', 'solidarity', TRUE),
    ('school_support', 'الدعم المدرسي', 'Soutien scolaire', 'School support', 'school', TRUE);

-- Women carrying projects are women; school support reaches children.
INSERT INTO activity_type_categories (type_id, category_id)
SELECT t.id, c.id FROM activity_types t, beneficiary_categories c
WHERE (t.code = 'women_projects' AND c.code IN ('women', 'youth', 'disabled'))
   OR (t.code = 'school_support' AND c.code IN ('children', 'youth', 'disabled'));
