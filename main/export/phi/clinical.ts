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

/**
 * ICU and nursing-note vocabulary (section headers, devices, lines, vitals, labs, drips and the
 * drugs an ICU nurse writes by brand or by nickname), so terse lowercase notes ("foley d/c'd",
 * "riss", "trach 8.0 shiley", "amio gtt") are not read as names. Hand-kept; add to it when a real
 * note shows a false positive.
 */
const ICU = `
neuro resp cv cvs pulm gi gu renal id endo heme psych social dispo access lines labs misc
vs vss ls bs abd foley ngt ogt ogtt peg picc tlc cvl art aline a-line swan ett trach shiley portex
cpap bipap peep ps fio2 ac simv prvc aprv vent mae perrla perl rass cam gcs loc aox3 a+ox3 aaox3
nsr sr st sb afib aflutter pvc pvcs pac pacs svt vt vf ectopy tele cxr kub abg abgs vbg lytes riss
ss fs fsbs bcx ucx scx cx cxs ua pna uti mrsa vre cdiff c-diff dnr dni dnr/dni cmo hcp poa osh
ccu micu sicu csru cvicu tsicu nicu ccu cath ep ir tee tte echo bronch thora thoracentesis para
paracentesis lp egd ercp hd cvvh cvvhd cvvhdf crrt prbc prbcs ffp cryo ivf d5w d5 nss kcl kphos
naphos mgso4 cagluc bicarb amp amps gtt gtts drip ivp ivpb sl qd qod q1h q2h q3h q4h q6h q8h q12h
q24h qam qpm qhs hs stat npo adat tf tfs tpn ppn mn noc oob bsc commode dsg drsg duoderm mepilex
allevyn vac serosang serosanguinous sanguinous purulent bilious guaiac hemoccult ostomy jp
hemovac pleurx pigtail mediport dobhoff pleurevac cordis introducer hickman quinton permacath
iabp lvad ecmo impella pacer aicd icd tvp nrb nc fm neb nebs airvo heliox sbp dbp map tmax tc
sats sao2 pad pas pap pcwp wedge ci svr svo2 scvo2 i/o io uo ebl na co2 hco3 creat glu gluc ca
phos alb tbili dbili ast alt alk ldh lipase amylase ck ckmb mb trop tropn troponin bnp anc lact
ph pco2 po2 vanc trough rsbi tv vt mv ve ie ipap epap ett ucx bal sputum serum urine
ativan lorazepam haldol haloperidol versed propofol diprivan morphine hydromorphone oxycodone
precedex dexmedetomidine levophed norepinephrine neo neosynephrine phenylephrine dopamine
dobutamine dobutrex milrinone primacor vasopressin vaso epi epinephrine nitro ntg nitroglycerin
nipride nitroprusside labetalol lopressor hydralazine dilt diltiazem cardizem amio amiodarone
adenosine atropine esmolol nicardipine cardene captopril enalapril bumex bumetanide diuril
chlorothiazide aldactone spironolactone kayexalate nph glargine novolog argatroban bivalirudin
integrilin ticlid tpa pip-tazo cefepime ceftriaxone rocephin ceftazidime fortaz ciprofloxacin levo
levofloxacin flagyl metronidazole gent gentamicin tobra tobramycin meropenem merrem imipenem
primaxin linezolid zyvox dapto daptomycin unasyn ampicillin nafcillin oxacillin kefzol clinda
clindamycin azithro azithromycin zithromax doxy doxycycline fluconazole diflucan micafungin
caspofungin ambisome acyclovir ganciclovir tamiflu pantoprazole nexium prilosec zantac carafate
sucralfate metoclopramide compazine phenergan docusate sennakot bisacodyl lactulose fleets
imodium lomotil ketorolac dilantin phenytoin keppra levetiracetam depakote valproate tegretol
klonopin clonazepam xanax alprazolam valium diazepam seroquel quetiapine zyprexa olanzapine
risperdal trazodone ambien zolpidem benadryl diphenhydramine albuterol atrovent ipratropium
combivent duoneb xopenex flovent advair methylprednisolone hydrocortisone ferrous mvi thiamine
folate narcan naloxone flumazenil mucomyst nac epogen procrit aranesp ddavp octreotide
sandostatin pitressin vitk ssi lantus humalog insulin nitropaste captopril imdur isordil
pt's pts' afeb tol cont contd cont'd neg pos wnl wdwn nad cta rrr le ue lle rle lue rue lll rll
rml lul rul bil bilat b/l h/o r/o c/o d/c'd dc'd abx sx tx ext exts extrem mgmt mtg appt
dtr dau sil bil fam sw cm rt ot slp pcp hcp nok ivdu etoh sob doe pnd orthopnea cp abd ns lr
mae bipap ng og pr sq sc urosepsis melena hematemesis hematochezia coffee-ground liws lcs lis ogt hemodynamics hemodynamically med rec hoyer rn lpn cna md vna ltac ltach nh ecf ems ctr pacu cath bacteremia diuresis diuresed diuresing diuretic lytes
`;

export const ICU_WORDS: ReadonlySet<string> = new Set(ICU.split(/\s+/).filter(Boolean));

export const CLINICAL_WORDS: ReadonlySet<string> = new Set([...CLINICAL.split(/\s+/).filter(Boolean), ...ICU_WORDS]);

/** Endings that mark a word as a procedure, condition or drug rather than a name. */
export const MEDICAL_SUFFIX =
  /(?:plasty|plasties|ectomy|otomy|ostomy|itis|osis|oses|algia|emia|aemia|opathy|ology|ologist|oscopy|scopy|graphy|gram|plegia|paresis|trophy|megaly|penia|cytosis|uria|mab|nib|pril|sartan|olol|statin|azole|cillin|mycin|oxacin|cycline|vir|pine|zepam|zolam|codone|morphine|profen|fenac|olone|asone|parin|xaban|gatran|tidine|prazole|formin|gliptin|glitazone|semide|caine|dronate|paratide|ectomies|otomies|ostomies)$/;
