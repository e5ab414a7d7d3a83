/**
 * Words that a clinician writes with a capital letter and that no English dictionary holds, so
 * they would otherwise look like unknown proper names: abbreviations, procedures, brand-name
 * drugs, anatomy, scales. Extend it when a real note shows a false positive; a name that hides
 * here is still caught by the title, context and first-name + surname rules.
 */
const CLINICAL = `
pt pts hx dx rx sx tx fx bx cx hpi ros pmh psh fhx shx meds nkda nka ptx cc s/p w/ w/o yo y/o
ct cta mri mra pet xr kub us ekg ecg eeg emg ncs dexa bmd vas nrs odi sf mcs pcs promis eq ed er
icu pacu or ot pt snf ltc rehab hosp adm dc d/c f/u fu prn po iv im sq sc subq bid tid qid qd qhs
nsaid nsaids apap asa ppi ssri snri tca opioid opioids mme pca ivc ivf ns lr prbc ffp inr ptt pt/inr
cbc bmp cmp lfts lft hgb hct wbc plt bun cr egfr gfr ldl hdl tsh hba1c a1c crp esr pth vit
sacroplasty kyphoplasty vertebroplasty balloon sacral sacrum sacroiliac si sij iliac ilium coccyx
lumbar thoracic cervical lumbosacral pelvis pelvic pubic rami ramus acetabulum acetabular
foramen foramina foraminal neuroforaminal extravasation extravasated pmma cement trocar cannula
fluoroscopy fluoroscopic fluoro ct-guided osteoporosis osteoporotic osteopenia osteopenic
insufficiency fracture fractures fx denosumab teriparatide abaloparatide romosozumab zoledronic
alendronate risedronate ibandronate bisphosphonate bisphosphonates calcitonin
tylenol motrin advil aleve celebrex toradol norco vicodin percocet oxycontin dilaudid ultram
tramadol lyrica neurontin gabapentin pregabalin flexeril cyclobenzaprine robaxin baclofen
lovenox heparin coumadin warfarin eliquis apixaban xarelto rivaroxaban plavix clopidogrel
aspirin prolia forteo tymlos evenity fosamax actonel boniva reclast miacalcin medrol solumedrol
decadron dexamethasone prednisone lidocaine bupivacaine marcaine ropivacaine fentanyl versed
midazolam propofol ancef cefazolin vancomycin vanco zosyn keflex cipro levaquin bactrim
zofran ondansetron reglan protonix omeprazole pepcid famotidine colace senna miralax dulcolax
lasix furosemide metoprolol lisinopril amlodipine losartan atorvastatin lipitor simvastatin
metformin insulin lantus humalog synthroid levothyroxine coreg carvedilol digoxin
l1 l2 l3 l4 l5 s1 s2 s3 s4 s5 t1 t2 t3 t4 t5 t6 t7 t8 t9 t10 t11 t12 c1 c2 c3 c4 c5 c6 c7
stir flair dwi adc hu ap lat ao bmi bp hr rr spo2 o2 temp afebrile nad wnl rrr ctab ntnd
copd chf cad htn hld dm dm2 t2dm ckd esrd afib gerd osa bph uti dvt pe cva tia mi cabg pci
ra oa sle pmr djd ddd hnp
mg mcg ml cc kg lbs cm mm
sacro sacroplasties kyphoplasties vertebroplasties
`;

export const CLINICAL_WORDS: ReadonlySet<string> = new Set(CLINICAL.split(/\s+/).filter(Boolean));

/** Endings that mark a word as a procedure, condition or drug rather than a name. */
export const MEDICAL_SUFFIX =
  /(?:plasty|plasties|ectomy|otomy|ostomy|itis|osis|oses|algia|emia|aemia|opathy|ology|ologist|oscopy|scopy|graphy|gram|plegia|paresis|trophy|megaly|penia|cytosis|uria|mab|nib|pril|sartan|olol|statin|azole|cillin|mycin|oxacin|cycline|vir|pine|zepam|zolam|codone|morphine|profen|fenac|olone|asone|parin|xaban|gatran|tidine|prazole|formin|gliptin|glitazone|semide|caine|dronate|paratide|ectomies|otomies|ostomies)$/;
