import { isUuid } from '../../auth/patient-access.js';
import { loadProductCustody } from '../../custody/outputs/product-custody.js';
import { canSeePatient } from '../access.js';
import { toFhirProduct } from '../map/product.js';
import { parseToken, singleValue } from '../search-params.js';
import { CHAIN_OF_IDENTITY_SYSTEM, ISBT128_DIN_SYSTEM, PRODUCT_SYSTEM } from '../systems.js';
import { idParam, patientScope } from './filters.js';
import { EMPTY_PAGE, type ReadableKind } from './kind.js';

/** Identifier systems a product can be searched by: its code, its course's COI, the DIN of a collection it was made from. */
const SEARCHABLE = new Set([PRODUCT_SYSTEM, CHAIN_OF_IDENTITY_SYSTEM, ISBT128_DIN_SYSTEM]);

export const ProductKind: ReadableKind = {
  type: 'BiologicallyDerivedProduct',
  readAction: 'product.read',
  // R4 defines no patient parameter for this type; `patient` here is collection.source.
  searchParams: ['_id', 'patient', 'identifier'],
  async read(db, access, id) {
    if (!isUuid(id)) return null;
    const row = await db.selectFrom('products').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row || !(await canSeePatient(db, access, row.patient_id))) return null;
    const custody = await loadProductCustody(db, [row.id]);
    return toFhirProduct(row, custody.get(row.id) ?? null);
  },
  async search({ db, access, search }) {
    const scope = await patientScope(db, access, search, ['patient']);
    const id = idParam(search);
    const identifier = singleValue(search, 'identifier');
    const token = identifier === undefined ? undefined : parseToken(identifier, 'identifier');
    if (id === false || scope?.length === 0 || (token?.system != null && !SEARCHABLE.has(token.system))) return EMPTY_PAGE;
    let q = db.selectFrom('products');
    if (scope !== null) q = q.where('patient_id', 'in', scope);
    if (id !== undefined) q = q.where('id', '=', id);
    if (token?.value) {
      const value = token.value;
      if (token.system === CHAIN_OF_IDENTITY_SYSTEM) {
        q = q.where('id', 'in', (eb) => eb.selectFrom('custody_chains').select('product_id').where('coi', '=', value).where('product_id', 'is not', null).$narrowType<{ product_id: string }>());
      } else if (token.system === ISBT128_DIN_SYSTEM) {
        q = q.where('id', 'in', (eb) =>
          eb
            .selectFrom('custody_items')
            .innerJoin('custody_chains', 'custody_chains.id', 'custody_items.chain_id')
            .select('custody_chains.product_id')
            .where('custody_items.kind', '=', 'din')
            .where('custody_items.value', '=', value)
            .where('custody_chains.product_id', 'is not', null)
            .$narrowType<{ product_id: string }>(),
        );
      } else {
        q = q.where('product_code', '=', value);
      }
    }
    const total = await q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    const rows = await q.selectAll().orderBy('created_at').orderBy('id').limit(search.count).offset(search.offset).execute();
    const custody = await loadProductCustody(
      db,
      rows.map((r) => r.id),
    );
    return { resources: rows.map((r) => toFhirProduct(r, custody.get(r.id) ?? null)), total: Number(total.n) };
  },
};
