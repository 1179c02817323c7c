-- +goose Up
-- The public self-assessment asks each criterion with its own question, in
-- the second person and in both languages; without one it asks the
-- description. The default criteria of an existing installation get the
-- default questions of this version, unless they were renamed.
ALTER TABLE criteria ADD COLUMN self_question_de TEXT NOT NULL DEFAULT '';
ALTER TABLE criteria ADD COLUMN self_question_en TEXT NOT NULL DEFAULT '';

UPDATE criteria SET self_question_de = 'Haben Sie Kunden in dem Segment, für das unser Angebot gemacht ist?',
    self_question_en = 'Do you have customers in the segment our offering is made for?'
    WHERE slug = 'customer-base' AND name_en = 'Customer base in the target segment';
UPDATE criteria SET self_question_de = 'Haben Sie die Leute und das Wissen, um unser Angebot zu verkaufen und umzusetzen?',
    self_question_en = 'Do you have the people and the know-how to sell and deliver our offering?'
    WHERE slug = 'staff-competence' AND name_en = 'Staff and competence';
UPDATE criteria SET self_question_de = 'Wie sehen Ihre Kunden und der Markt Ihr Unternehmen?',
    self_question_en = 'How do your customers and the market see your company?'
    WHERE slug = 'reputation' AND name_en = 'Reputation';
UPDATE criteria SET self_question_de = 'Erreichen Sie die Geschäftsführung Ihrer Kunden?',
    self_question_en = 'Do you reach your customers'' management?'
    WHERE slug = 'decision-makers' AND name_en = 'Access to decision makers';
UPDATE criteria SET self_question_de = 'Würde sich die Partnerschaft für Sie rechnen: überschaubare Investition, schneller Start, Break-even binnen 12 Monaten?',
    self_question_en = 'Would the partnership pay off for you: a modest investment, a fast start, break-even within 12 months?'
    WHERE slug = 'business-case' AND name_en = 'Business case';
UPDATE criteria SET self_question_de = 'Passt eine Partnerschaft mit uns zu Ihrer Strategie?',
    self_question_en = 'Does a partnership with us fit your strategy?'
    WHERE slug = 'strategic-fit' AND name_en = 'Strategic fit';
UPDATE criteria SET self_question_de = 'Ist jetzt der richtige Zeitpunkt für Sie?',
    self_question_en = 'Is now the right time for you?'
    WHERE slug = 'timing' AND name_en = 'Timing';
UPDATE criteria SET self_question_de = 'Steht Ihre Geschäftsführung sichtbar hinter einer solchen Partnerschaft?',
    self_question_en = 'Does your management visibly back such a partnership?'
    WHERE slug = 'commitment' AND name_en = 'Management commitment';
UPDATE criteria SET self_question_de = 'Sehen Sie selbst, dass eine Partnerschaft für Sie attraktiv wäre?',
    self_question_en = 'Do you see for yourself that a partnership would be attractive for you?'
    WHERE slug = 'attractiveness' AND name_en = 'Recognised attractiveness';

-- +goose Down
ALTER TABLE criteria DROP COLUMN self_question_en;
ALTER TABLE criteria DROP COLUMN self_question_de;
