/**
 * The SACRO registry of CT-guided sacroplasty, as data (protocol.md). Nothing here is code:
 * screens, validation, export, dictionary and statistics are generated from this definition.
 */
import type { ProtocolInput } from '../protocol/schema';

const PROC_DATE = { form: 'PROC', event: 'procedure', field: 'proc_date' } as const;

const ANALGESIC_CODES = [
  { code: 'NONE', label: 'None' },
  { code: 'APAP', label: 'Acetaminophen' },
  { code: 'NSAID', label: 'NSAID' },
  { code: 'WEAK_OPIOID', label: 'Weak opioid' },
  { code: 'STRONG_OPIOID', label: 'Strong opioid' },
  { code: 'OTHER', label: 'Other' },
];
const AMBULATION_CODES = [
  { code: 'INDEP', label: 'Independent' },
  { code: 'AID', label: 'Walker / cane' },
  { code: 'WHEELCHAIR', label: 'Wheelchair' },
  { code: 'BEDBOUND', label: 'Bed-bound' },
];
const YN_ALIVE = { field: 'vital_status', eq: 'ALIVE' } as const;
const YN_DEAD = { field: 'vital_status', eq: 'DEAD' } as const;

export const SACRO: ProtocolInput = {
  id: 'SACRO',
  title: 'SACRO registry: CT-guided percutaneous sacroplasty',
  version: '1.0',
  sites: [
    { code: 'SDI', name: 'San Diego Imaging, San Diego, CA' },
    { code: 'WUH', name: 'Winthrop-University Hospital, Mineola, NY' },
    { code: 'MMC', name: 'Montefiore Medical Center, Bronx, NY' },
    { code: 'MCW', name: 'Medical College of Wisconsin, Milwaukee, WI' },
    { code: 'INS', name: 'Insight Imaging, Roanoke, VA' },
    { code: 'NCR', name: 'North County Radiology, San Diego, CA' },
  ],
  indexDate: PROC_DATE,
  birthDate: { form: 'REG', event: 'screening', field: 'birth_date' },
  identifierFields: [
    { form: 'REG', event: 'screening', field: 'mrn' },
    { form: 'REG', event: 'screening', field: 'last_name' },
    { form: 'REG', event: 'screening', field: 'first_name' },
    { form: 'REG', event: 'screening', field: 'birth_date' },
    { form: 'REG', event: 'screening', field: 'phone' },
    { form: 'REG', event: 'screening', field: 'zip' },
  ],
  stratifyBy: { form: 'ELIG', event: 'screening', field: 'indication' },
  contactFields: [
    { form: 'REG', event: 'screening', field: 'last_name' },
    { form: 'REG', event: 'screening', field: 'first_name' },
    { form: 'REG', event: 'screening', field: 'phone' },
  ],
  deathCondition: { form: 'FU', field: 'vital_status', eq: 'DEAD' },
  lookupFields: [
    { form: 'REG', event: 'screening', field: 'mrn' },
    { form: 'REG', event: 'screening', field: 'last_name' },
    { form: 'REG', event: 'screening', field: 'first_name' },
  ],
  events: [
    { id: 'screening', label: 'Screening', forms: ['REG', 'ELIG', 'BASE'], window: { maxDays: 0, severity: 'warning' } },
    { id: 'procedure', label: 'Procedure', forms: ['PROC'], window: { minDays: 0, maxDays: 0, severity: 'warning' } },
    { id: 'fu_1m', label: 'Follow-up 1 month', forms: ['FU'], window: { minDays: 14, maxDays: 60, severity: 'warning' }, followUp: true },
    { id: 'fu_1y', label: 'Follow-up 1 year', forms: ['FU'], window: { minDays: 330, overdueAfterDays: 425, severity: 'warning' }, followUp: true },
    { id: 'ae', label: 'Adverse events', forms: ['AE'], repeating: true, window: { minDays: 0, severity: 'warning' } },
  ],
  forms: [
    {
      id: 'REG',
      label: 'Registration',
      fields: [
        { id: 'subject_id', label: 'Subject ID', type: 'computed', phi: 'none', compute: { op: 'subjectId' } },
        {
          id: 'mrn', label: 'Medical record number', type: 'text', phi: 'direct', required: true,
          minLength: 1, maxLength: 20, pattern: { regex: '^[A-Za-z0-9-]+$', description: 'letters, digits and - only' },
        },
        { id: 'last_name', label: 'Last name', type: 'text', phi: 'direct', required: true, maxLength: 60 },
        { id: 'first_name', label: 'First name', type: 'text', phi: 'direct', required: true, maxLength: 60 },
        {
          id: 'birth_date', label: 'Date of birth', type: 'date', phi: 'birthdate', required: true,
          checks: [{ rule: 'notFuture' }, { rule: 'ageAt', ref: PROC_DATE, min: 18, max: 110 }],
        },
        {
          id: 'sex', label: 'Sex', type: 'choice', phi: 'none', required: true,
          codes: [{ code: 'F', label: 'Female' }, { code: 'M', label: 'Male' }, { code: 'U', label: 'Unknown' }],
        },
        { id: 'zip', label: 'ZIP code', type: 'text', phi: 'geo', pattern: { regex: '^[0-9]{5}$', description: '5 digits' } },
        { id: 'phone', label: 'Phone', type: 'text', phi: 'direct', help: 'For follow-up calls' },
        {
          id: 'referral_date', label: 'Date referred', type: 'date', phi: 'date',
          checks: [{ rule: 'compare', op: '<=', ref: PROC_DATE, message: 'The referral date must be on or before the procedure date.' }],
        },
        {
          id: 'consent', label: 'Consent status', type: 'choice', phi: 'none', required: true,
          codes: [{ code: 'WAIVER', label: 'IRB waiver (retrospective)' }, { code: 'SIGNED', label: 'Signed consent' }],
        },
      ],
    },
    {
      id: 'ELIG',
      label: 'Eligibility',
      fields: [
        { id: 'severe_pain', label: 'Severe sacral pain', type: 'yesno', phi: 'none', required: true },
        { id: 'failed_conservative', label: 'Pain not responding to conservative medical management', type: 'yesno', phi: 'none', required: true },
        {
          id: 'conservative_weeks', label: 'Weeks of conservative management', type: 'int', phi: 'none', unit: 'weeks',
          min: 0, max: 520, showIf: { field: 'failed_conservative', eq: 'Y' },
        },
        { id: 'imaging_evidence', label: 'Imaging evidence of fracture or lesion', type: 'yesno', phi: 'none', required: true },
        {
          id: 'imaging_modality', label: 'Imaging', type: 'multi', phi: 'none', required: true,
          codes: [{ code: 'MRI', label: 'MRI' }, { code: 'CT', label: 'CT' }, { code: 'BONESCAN', label: 'Bone scan' }, { code: 'XR', label: 'Radiograph' }],
        },
        {
          id: 'indication', label: 'Indication', type: 'choice', phi: 'none', required: true,
          codes: [{ code: 'SIF', label: 'Sacral insufficiency fracture' }, { code: 'LESION', label: 'Pathologic sacral lesion' }],
        },
        {
          id: 'fracture_side', label: 'Fracture', type: 'choice', phi: 'none',
          codes: [{ code: 'UNI_L', label: 'Unilateral left' }, { code: 'UNI_R', label: 'Unilateral right' }, { code: 'BILAT', label: 'Bilateral' }],
          requiredIf: { field: 'indication', eq: 'SIF' }, showIf: { field: 'indication', eq: 'SIF' },
        },
        {
          id: 'lesion_type', label: 'Lesion type', type: 'choice', phi: 'none',
          codes: [{ code: 'MET', label: 'Metastasis' }, { code: 'MM', label: 'Multiple myeloma' }, { code: 'LYMPH', label: 'Lymphoma' }, { code: 'OTHER', label: 'Other' }],
          requiredIf: { field: 'indication', eq: 'LESION' }, showIf: { field: 'indication', eq: 'LESION' },
        },
        { id: 'primary_tumor', label: 'Primary tumour', type: 'text', phi: 'freetext', maxLength: 80, showIf: { field: 'lesion_type', eq: 'MET' } },
        {
          id: 'eligible', label: 'Eligible', type: 'computed', phi: 'none',
          compute: { op: 'allEq', value: 'Y', args: [{ ref: { field: 'severe_pain' } }, { ref: { field: 'failed_conservative' } }, { ref: { field: 'imaging_evidence' } }] },
        },
      ],
    },
    {
      id: 'BASE',
      label: 'Baseline',
      fields: [
        {
          id: 'baseline_date', label: 'Assessment date', type: 'date', phi: 'date', required: true,
          checks: [{ rule: 'compare', op: '<=', ref: PROC_DATE, message: 'The baseline assessment must be on or before the procedure date.' }],
        },
        { id: 'vas_pre', label: 'Pain, visual analogue scale (0 none – 10 worst)', type: 'int', phi: 'none', required: true, min: 0, max: 10 },
        {
          id: 'analgesic', label: 'Analgesics in use', type: 'multi', phi: 'none', required: true, codes: ANALGESIC_CODES,
          checks: [{ rule: 'exclusiveCode', code: 'NONE' }],
        },
        { id: 'ambulation', label: 'Ambulation', type: 'choice', phi: 'none', required: true, codes: AMBULATION_CODES },
        { id: 'symptom_weeks', label: 'Weeks since pain onset', type: 'int', phi: 'none', unit: 'weeks', min: 0, max: 520 },
        { id: 'osteoporosis', label: 'Known osteoporosis', type: 'yesno', phi: 'none' },
        { id: 'prior_augmentation', label: 'Prior vertebral augmentation', type: 'yesno', phi: 'none' },
      ],
    },
    {
      id: 'PROC',
      label: 'Procedure',
      fields: [
        {
          id: 'proc_date', label: 'Procedure date', type: 'date', phi: 'date', required: true,
          checks: [
            { rule: 'notFuture' },
            { rule: 'compare', op: '>=', ref: { form: 'REG', event: 'screening', field: 'referral_date' }, message: 'The procedure date must be on or after the referral date.' },
          ],
        },
        {
          id: 'hospitalization', label: 'Hospitalization status', type: 'choice', phi: 'none', required: true,
          codes: [{ code: 'OUTPATIENT', label: 'Outpatient' }, { code: 'INPATIENT', label: 'Inpatient' }],
        },
        {
          id: 'anesthesia', label: 'Anesthesia', type: 'choice', phi: 'none', required: true,
          codes: [{ code: 'LOCAL', label: 'Local' }, { code: 'MODERATE', label: 'Moderate sedation' }, { code: 'GENERAL', label: 'General' }],
        },
        {
          id: 'guidance', label: 'Guidance', type: 'choice', phi: 'none', required: true,
          codes: [{ code: 'CT', label: 'CT' }, { code: 'CT_FLUORO', label: 'CT fluoroscopy' }, { code: 'CT_PLUS_FLUORO', label: 'CT plus fluoroscopy' }],
        },
        {
          id: 'approach', label: 'Needle approach', type: 'choice', phi: 'none', required: true,
          codes: [{ code: 'SHORT_AXIS', label: 'Short axis' }, { code: 'LONG_AXIS', label: 'Long axis' }, { code: 'TRANSILIAC', label: 'Transiliac' }, { code: 'COMBINED', label: 'Combined' }],
        },
        {
          id: 'side_treated', label: 'Side treated', type: 'choice', phi: 'none', required: true,
          codes: [{ code: 'LEFT', label: 'Left' }, { code: 'RIGHT', label: 'Right' }, { code: 'BILAT', label: 'Bilateral' }],
        },
        { id: 'needles', label: 'Number of needles', type: 'int', phi: 'none', min: 1, max: 8 },
        { id: 'cement_ml', label: 'Total cement volume (mL)', type: 'decimal', phi: 'none', unit: 'mL', required: true, min: 0.5, max: 30.0, decimals: 1 },
        { id: 'extravasation', label: 'Cement extravasation', type: 'yesno', phi: 'none', required: true },
        {
          id: 'extravasation_site', label: 'Extravasation site', type: 'multi', phi: 'none', showIf: { field: 'extravasation', eq: 'Y' },
          codes: [
            { code: 'FORAMINAL', label: 'Foraminal' }, { code: 'PRESACRAL', label: 'Presacral' }, { code: 'VENOUS', label: 'Venous' },
            { code: 'SI_JOINT', label: 'Sacroiliac joint' }, { code: 'CANAL', label: 'Spinal canal' }, { code: 'DISC', label: 'Disc' }, { code: 'OTHER', label: 'Other' },
          ],
        },
        {
          id: 'extravasation_symptomatic', label: 'Extravasation symptomatic', type: 'yesno', phi: 'none',
          requiredIf: { field: 'extravasation', eq: 'Y' }, showIf: { field: 'extravasation', eq: 'Y' },
        },
        { id: 'proc_notes', label: 'Notes', type: 'text', phi: 'freetext', maxLength: 2000 },
      ],
    },
    {
      id: 'FU',
      label: 'Follow-up',
      fields: [
        {
          id: 'fu_date', label: 'Follow-up date', type: 'date', phi: 'date', required: true,
          checks: [
            { rule: 'compare', op: '>', ref: PROC_DATE, message: 'The follow-up date must be after the procedure date.' },
            { rule: 'eventWindow' },
          ],
        },
        {
          id: 'contact', label: 'Contact', type: 'choice', phi: 'none', required: true,
          codes: [{ code: 'CLINIC', label: 'Clinic visit' }, { code: 'PHONE', label: 'Phone call' }, { code: 'CHART', label: 'Chart review' }],
        },
        {
          id: 'vital_status', label: 'Vital status', type: 'choice', phi: 'none', required: true,
          codes: [{ code: 'ALIVE', label: 'Alive' }, { code: 'DEAD', label: 'Dead' }, { code: 'LOST', label: 'Lost to follow-up' }],
        },
        { id: 'vas_post', label: 'Pain, visual analogue scale (0–10)', type: 'int', phi: 'none', min: 0, max: 10, requiredIf: YN_ALIVE, showIf: YN_ALIVE },
        {
          id: 'analgesic_change', label: 'Analgesic use since procedure', type: 'choice', phi: 'none', showIf: YN_ALIVE,
          codes: [{ code: 'STOPPED', label: 'Stopped' }, { code: 'DECREASED', label: 'Decreased' }, { code: 'UNCHANGED', label: 'Unchanged' }, { code: 'INCREASED', label: 'Increased' }],
        },
        {
          id: 'analgesic', label: 'Analgesics in use', type: 'multi', phi: 'none', showIf: YN_ALIVE, codes: ANALGESIC_CODES,
          checks: [{ rule: 'exclusiveCode', code: 'NONE' }],
        },
        { id: 'ambulation', label: 'Ambulation', type: 'choice', phi: 'none', showIf: YN_ALIVE, codes: AMBULATION_CODES },
        { id: 'new_fracture', label: 'New sacral or pelvic fracture', type: 'yesno', phi: 'none', showIf: YN_ALIVE },
        { id: 'repeat_procedure', label: 'Repeat sacroplasty', type: 'yesno', phi: 'none', showIf: YN_ALIVE },
        {
          id: 'death_date', label: 'Date of death', type: 'date', phi: 'date', requiredIf: YN_DEAD, showIf: YN_DEAD,
          checks: [{ rule: 'compare', op: '>=', ref: PROC_DATE, message: 'The date of death must be on or after the procedure date.' }],
        },
        { id: 'death_related', label: 'Death related to the procedure', type: 'yesno', phi: 'none', requiredIf: YN_DEAD, showIf: YN_DEAD },
        { id: 'fu_notes', label: 'Notes', type: 'text', phi: 'freetext', maxLength: 2000 },
      ],
    },
    {
      id: 'AE',
      label: 'Complication / adverse event',
      repeating: true,
      fields: [
        {
          id: 'ae_onset', label: 'Onset date', type: 'date', phi: 'date', required: true,
          checks: [{ rule: 'compare', op: '>=', ref: PROC_DATE, message: 'The onset date must be on or after the procedure date.' }],
        },
        {
          id: 'ae_term', label: 'Event', type: 'choice', phi: 'none', required: true,
          codes: [
            { code: 'RADICULAR_PAIN', label: 'Radicular pain' }, { code: 'EXTRAVASATION_SYMPTOMATIC', label: 'Symptomatic cement extravasation' },
            { code: 'CEMENT_EMBOLISM', label: 'Cement embolism' }, { code: 'INFECTION', label: 'Infection' }, { code: 'BLEEDING', label: 'Bleeding' },
            { code: 'NEW_FRACTURE', label: 'New fracture' }, { code: 'ALLERGIC', label: 'Allergic reaction' },
            { code: 'INCREASED_PAIN', label: 'Increased pain' }, { code: 'OTHER', label: 'Other' },
          ],
        },
        {
          id: 'ae_other', label: 'Other event, specify', type: 'text', phi: 'freetext',
          requiredIf: { field: 'ae_term', eq: 'OTHER' }, showIf: { field: 'ae_term', eq: 'OTHER' },
        },
        {
          id: 'ae_grade', label: 'Severity (SIR classification)', type: 'choice', phi: 'none', required: true,
          codes: [
            { code: 'A', label: 'A: no therapy, no consequence (minor)' }, { code: 'B', label: 'B: nominal therapy, no consequence (minor)' },
            { code: 'C', label: 'C: requires therapy, short admission (major)' }, { code: 'D', label: 'D: major therapy, prolonged stay (major)' },
            { code: 'E', label: 'E: permanent adverse sequelae (major)' }, { code: 'F', label: 'F: death (major)' },
          ],
        },
        {
          id: 'ae_related', label: 'Relation to procedure', type: 'choice', phi: 'none', required: true,
          codes: [{ code: 'RELATED', label: 'Related' }, { code: 'POSSIBLE', label: 'Possibly related' }, { code: 'UNRELATED', label: 'Unrelated' }],
        },
        {
          id: 'ae_treatment', label: 'Treatment', type: 'choice', phi: 'none', required: true,
          codes: [{ code: 'NONE', label: 'None' }, { code: 'MEDICAL', label: 'Medical' }, { code: 'SURGICAL_DECOMPRESSION', label: 'Surgical decompression' }, { code: 'OTHER_PROCEDURE', label: 'Other procedure' }],
        },
        {
          id: 'ae_outcome', label: 'Outcome', type: 'choice', phi: 'none', required: true,
          codes: [{ code: 'RESOLVED', label: 'Resolved' }, { code: 'SEQUELAE', label: 'Resolved with sequelae' }, { code: 'ONGOING', label: 'Ongoing' }, { code: 'FATAL', label: 'Fatal' }],
        },
        {
          id: 'ae_resolved_date', label: 'Resolution date', type: 'date', phi: 'date',
          showIf: { field: 'ae_outcome', in: ['RESOLVED', 'SEQUELAE'] },
          checks: [{ rule: 'compare', op: '>=', ref: { field: 'ae_onset' }, message: 'The resolution date must be on or after the onset date.' }],
        },
        { id: 'ae_narrative', label: 'Narrative', type: 'text', phi: 'freetext', maxLength: 4000 },
      ],
    },
  ],
  crossRules: [
    { kind: 'datesOnOrAfter', id: 'dates_after_birth', ref: { form: 'REG', event: 'screening', field: 'birth_date' }, message: 'Every date of a subject must be on or after the birth date.' },
    { kind: 'datesNotFuture', id: 'dates_not_future', message: 'No date of a subject may be in the future.' },
    {
      kind: 'compare', id: 'fu_1y_after_fu_1m',
      left: { form: 'FU', event: 'fu_1y', field: 'fu_date' }, op: '>', right: { form: 'FU', event: 'fu_1m', field: 'fu_date' },
      message: 'The 1-year follow-up must be after the 1-month follow-up.',
    },
    {
      kind: 'implies', id: 'dead_stays_dead',
      when: { form: 'FU', event: 'fu_1m', field: 'vital_status', eq: 'DEAD' },
      then: { any: [{ not: { formExists: { form: 'FU', event: 'fu_1y' } } }, { form: 'FU', event: 'fu_1y', field: 'vital_status', eq: 'DEAD' }] },
      message: 'The subject was dead at the 1-month follow-up: a 1-year visit can only record the death.',
    },
    {
      kind: 'implies', id: 'fatal_ae_needs_death',
      when: { form: 'AE', field: 'ae_outcome', eq: 'FATAL' },
      then: { any: [{ form: 'FU', event: 'fu_1m', field: 'vital_status', eq: 'DEAD' }, { form: 'FU', event: 'fu_1y', field: 'vital_status', eq: 'DEAD' }] },
      message: 'An adverse event with a fatal outcome needs the death recorded at a follow-up.',
    },
    {
      kind: 'implies', id: 'symptomatic_extravasation_expects_ae', severity: 'warning',
      when: { form: 'PROC', event: 'procedure', field: 'extravasation_symptomatic', eq: 'Y' },
      then: { formExists: { form: 'AE' } },
      message: 'Symptomatic cement extravasation was recorded but no adverse event is entered.',
    },
  ],
  derived: [
    {
      id: 'age_at_proc', label: 'Age at procedure', type: 'int', unit: 'years', topCode: 89,
      expr: { op: 'yearsBetween', from: { ref: { form: 'REG', event: 'screening', field: 'birth_date' } }, to: { ref: PROC_DATE } },
    },
    {
      id: 'vas_change_1m', label: 'VAS change at 1 month (post − pre)', type: 'int',
      expr: { op: 'sub', args: [{ ref: { form: 'FU', event: 'fu_1m', field: 'vas_post' } }, { ref: { form: 'BASE', event: 'screening', field: 'vas_pre' } }] },
    },
    {
      id: 'vas_change_1y', label: 'VAS change at 1 year (post − pre)', type: 'int',
      expr: { op: 'sub', args: [{ ref: { form: 'FU', event: 'fu_1y', field: 'vas_post' } }, { ref: { form: 'BASE', event: 'screening', field: 'vas_pre' } }] },
    },
    {
      id: 'responder_1m', label: 'Responder at 1 month (VAS drop ≥ 2)', type: 'yesno',
      expr: { op: 'le', args: [{ ref: { form: 'FU', event: 'fu_1m', field: 'vas_post' } }, { op: 'sub', args: [{ ref: { form: 'BASE', event: 'screening', field: 'vas_pre' } }, { const: 2 }] }] },
    },
    {
      // Not in protocol.md's list, but the workbook's Derived sheet has "responder flags".
      id: 'responder_1y', label: 'Responder at 1 year (VAS drop ≥ 2)', type: 'yesno',
      expr: { op: 'le', args: [{ ref: { form: 'FU', event: 'fu_1y', field: 'vas_post' } }, { op: 'sub', args: [{ ref: { form: 'BASE', event: 'screening', field: 'vas_pre' } }, { const: 2 }] }] },
    },
    {
      id: 'days_to_fu_1m', label: 'Days from procedure to 1-month follow-up', type: 'int', unit: 'days',
      expr: { op: 'daysBetween', from: { ref: PROC_DATE }, to: { ref: { form: 'FU', event: 'fu_1m', field: 'fu_date' } } },
    },
    {
      id: 'days_to_fu_1y', label: 'Days from procedure to 1-year follow-up', type: 'int', unit: 'days',
      expr: { op: 'daysBetween', from: { ref: PROC_DATE }, to: { ref: { form: 'FU', event: 'fu_1y', field: 'fu_date' } } },
    },
  ],
};
