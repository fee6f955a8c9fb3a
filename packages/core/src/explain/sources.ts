/**
 * The sources every rule cites: a section of one of the seed documents (the clinical source of
 * truth, in ../shared/seeds) and the primary publication behind it.
 */
export const SEEDS = {
  amlAll: '000_9dd10a684a00717d.txt',
  mrdAll: '001_c9450b1f8cb43eef.txt',
  handbook: '002_b400f21b65e11ecc.txt',
} as const;
export type SeedKey = keyof typeof SEEDS;

export interface Publication {
  readonly citation: string;
  readonly doi: string;
}

export const PUBLICATIONS = {
  lee2019: {
    citation:
      'Lee DW, et al. ASTCT consensus grading for cytokine release syndrome and neurologic toxicity associated with immune effector cells. Biol Blood Marrow Transplant 2019;25:625-638.',
    doi: '10.1016/j.bbmt.2018.12.758',
  },
  hayden2022: {
    citation:
      'Hayden PJ, et al. Management of adults and children receiving CAR T-cell therapy: 2021 best practice recommendations of the EBMT and JACIE and the EHA. Ann Oncol 2022;33:259-275.',
    doi: '10.1016/j.annonc.2021.12.003',
  },
  hines2023: {
    citation:
      'Hines MR, et al. Immune effector cell-associated hemophagocytic lymphohistiocytosis-like syndrome. Transplant Cell Ther 2023;29:438.e1-438.e16.',
    doi: '10.1016/j.jtct.2023.03.006',
  },
  rejeski2023: {
    citation:
      'Rejeski K, et al. Immune effector cell-associated hematotoxicity: EHA/EBMT consensus grading and best practice recommendations. Blood 2023;142:865-877.',
    doi: '10.1182/blood.2023020578',
  },
  rejeski2021: {
    citation:
      'Rejeski K, et al. CAR-HEMATOTOX: a model for CAR T-cell-related hematologic toxicity in relapsed/refractory large B-cell lymphoma. Blood 2021;138:2499-2513.',
    doi: '10.1182/blood.2020010543',
  },
  jones2015: {
    citation:
      'Jones GL, et al. Guidelines for the management of tumour lysis syndrome in adults and children with haematological malignancies on behalf of the British Committee for Standards in Haematology. Br J Haematol 2015;169:661-671.',
    doi: '10.1111/bjh.13403',
  },
  cairo2004: {
    citation: 'Cairo MS, Bishop M. Tumour lysis syndrome: new therapeutic strategies and classification. Br J Haematol 2004;127:3-11.',
    doi: '10.1111/j.1365-2141.2004.05094.x',
  },
  cairo2010: {
    citation:
      'Cairo MS, et al. Recommendations for the evaluation of risk and prophylaxis of tumour lysis syndrome (TLS) in adults and children with malignant diseases: an expert TLS panel consensus. Br J Haematol 2010;149:578-586.',
    doi: '10.1111/j.1365-2141.2010.08143.x',
  },
  freifeld2011: {
    citation:
      'Freifeld AG, et al. Clinical practice guideline for the use of antimicrobial agents in neutropenic patients with cancer: 2010 update by the Infectious Diseases Society of America. Clin Infect Dis 2011;52:e56-e93.',
    doi: '10.1093/cid/cir073',
  },
  mosteller1987: {
    citation: 'Mosteller RD. Simplified calculation of body-surface area. N Engl J Med 1987;317:1098.',
    doi: '10.1056/NEJM198710223171717',
  },
  dubois1916: {
    citation:
      'Du Bois D, Du Bois EF. A formula to estimate the approximate surface area if height and weight be known. Arch Intern Med 1916;17:863-871.',
    doi: '10.1001/archinte.1916.00080130010002',
  },
  cockcroft1976: {
    citation: 'Cockcroft DW, Gault MH. Prediction of creatinine clearance from serum creatinine. Nephron 1976;16:31-41.',
    doi: '10.1159/000180580',
  },
  qayed2022: {
    citation:
      'Qayed M, et al. Leukapheresis guidance and best practices for optimal chimeric antigen receptor T-cell manufacturing. Cytotherapy 2022;24:869-878.',
    doi: '10.1016/j.jcyt.2022.05.003',
  },
  dohner2022: {
    citation:
      'Döhner H, et al. Diagnosis and management of AML in adults: 2022 recommendations from an international expert panel on behalf of the ELN. Blood 2022;140:1345-1377.',
    doi: '10.1182/blood.2022016867',
  },
  stone2017: {
    citation: 'Stone RM, et al. Midostaurin plus chemotherapy for acute myeloid leukemia with a FLT3 mutation (RATIFY). N Engl J Med 2017;377:454-464.',
    doi: '10.1056/NEJMoa1614359',
  },
  lancet2018: {
    citation:
      'Lancet JE, et al. CPX-351 (cytarabine and daunorubicin) liposome for injection versus conventional cytarabine plus daunorubicin in older patients with newly diagnosed secondary acute myeloid leukemia. J Clin Oncol 2018;36:2684-2692.',
    doi: '10.1200/JCO.2017.77.6112',
  },
  dinardo2020: {
    citation: 'DiNardo CD, et al. Azacitidine and venetoclax in previously untreated acute myeloid leukemia (VIALE-A). N Engl J Med 2020;383:617-629.',
    doi: '10.1056/NEJMoa2012971',
  },
  myers2023: {
    citation:
      'Myers RM, Shah NN, Pulsipher MA. How I use risk factors for success or failure of CD19 CAR T cells to guide management of children and AYA with B-cell ALL. Blood 2023;141:1251-1264.',
    doi: '10.1182/blood.2022016937',
  },
  litzow2024: {
    citation: 'Litzow MR, et al. Blinatumomab for MRD-negative acute lymphoblastic leukemia in adults (E1910). N Engl J Med 2024;391:320-333.',
    doi: '10.1056/NEJMoa2312948',
  },
  kantarjian2016: {
    citation: 'Kantarjian HM, et al. Inotuzumab ozogamicin versus standard therapy for acute lymphoblastic leukemia (INO-VATE). N Engl J Med 2016;375:740-753.',
    doi: '10.1056/NEJMoa1509277',
  },
  maude2018: {
    citation: 'Maude SL, et al. Tisagenlecleucel in children and young adults with B-cell lymphoblastic leukemia (ELIANA). N Engl J Med 2018;378:439-448.',
    doi: '10.1056/NEJMoa1709866',
  },
  berry2017: {
    citation:
      'Berry DA, et al. Association of minimal residual disease with clinical outcome in pediatric and adult acute lymphoblastic leukemia: a meta-analysis. JAMA Oncol 2017;3:e170580.',
    doi: '10.1001/jamaoncol.2017.0580',
  },
  stock2019: {
    citation:
      'Stock W, et al. A pediatric regimen for older adolescents and young adults with acute lymphoblastic leukemia: results of CALGB 10403. Blood 2019;133:1548-1559.',
    doi: '10.1182/blood-2018-10-881961',
  },
  jabbour2023: {
    citation:
      'Jabbour E, et al. Ponatinib and blinatumomab for Philadelphia chromosome-positive acute lymphoblastic leukaemia: a US, single-centre, single-arm, phase 2 trial. Lancet Haematol 2023;10:e24-e34.',
    doi: '10.1016/S2352-3026(22)00319-2',
  },
  kantarjian2017: {
    citation: 'Kantarjian H, et al. Blinatumomab versus chemotherapy for advanced acute lymphoblastic leukemia (TOWER). N Engl J Med 2017;376:836-847.',
    doi: '10.1056/NEJMoa1609783',
  },
  dunsmore2020: {
    citation:
      "Dunsmore KP, et al. Children's Oncology Group AALL0434: a phase III randomized clinical trial testing nelarabine in newly diagnosed T-cell acute lymphoblastic leukemia. J Clin Oncol 2020;38:3282-3293.",
    doi: '10.1200/JCO.20.00256',
  },
  hill2019: {
    citation:
      'Hill JA, Giralt S, Torgerson TR, Lazarus HM. CAR-T - and a side order of IgG, to go? - Immunoglobulin replacement in patients receiving CAR-T cell therapy. Blood Rev 2019;38:100596.',
    doi: '10.1016/j.blre.2019.100596',
  },
  isbt128: {
    citation:
      'ICCBBA. ISBT 128 Standard Technical Specification (ST-001) v6.2.2, 2023: §2.4.1 Donation Identification Number, §2.4.40 Chain of Identity Identifier, Table 3 [RT004] flag characters, Appendix A keyboard entry check character (ISO/IEC 7064 MOD 37-2). Described in: Ashford P, Delgado M. ISBT 128 Standard for Coding Medical Products of Human Origin. Transfus Med Hemother 2017;44:386-390.',
    doi: '10.1159/000479977',
  },
  majhail2012: {
    citation:
      'Majhail NS, et al. Recommended screening and preventive practices for long-term survivors after hematopoietic cell transplantation. Bone Marrow Transplant 2012;47:337-341.',
    doi: '10.1038/bmt.2012.5',
  },
} as const satisfies Record<string, Publication>;
export type PublicationKey = keyof typeof PUBLICATIONS;

/** A pointer into a seed document: its file and the section, table or figure. */
export interface SeedReference {
  readonly seed: SeedKey;
  readonly section: string;
}

/** What a rule cites: at least one seed section and at least one primary publication. */
export interface RuleSources {
  readonly seed: readonly SeedReference[];
  readonly publications: readonly PublicationKey[];
}

/** A citation as it appears in a rendered result. */
export interface ResolvedCitation {
  readonly kind: 'seed' | 'publication';
  readonly reference: string;
  readonly doi?: string;
}

export function resolveSeed(ref: SeedReference): ResolvedCitation {
  return { kind: 'seed', reference: `${SEEDS[ref.seed]} ${ref.section}` };
}

export function resolvePublication(key: PublicationKey): ResolvedCitation {
  const publication: Publication = PUBLICATIONS[key];
  return { kind: 'publication', reference: publication.citation, doi: publication.doi };
}
