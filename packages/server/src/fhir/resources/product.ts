import { isUuid } from '../../auth/patient-access.js';
import { canSeePatient } from '../access.js';
import { toFhirProduct } from '../map/product.js';
import { parseToken, singleValue } from '../search-params.js';
import { PRODUCT_SYSTEM } from '../systems.js';
import { idParam, patientScope } from './filters.js';
import { EMPTY_PAGE, type ReadableKind } from './kind.js';

export const ProductKind: ReadableKind = {
  type: 'BiologicallyDerivedProduct',
  readAction: 'product.read',
  // R4 defines no patient parameter for this type; `patient` here is collection.source.
  searchParams: ['_id', 'patient', 'identifier'],
  async read(db, access, id) {
    if (!isUuid(id)) return null;
    const row = await db.selectFrom('products').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row || !(await canSeePatient(db, access, row.patient_id))) return null;
    return toFhirProduct(row);
  },
  async search({ db, access, search }) {
    const scope = await patientScope(db, access, search, ['patient']);
    const id = idParam(search);
    const identifier = singleValue(search, 'identifier');
    const token = identifier === undefined ? undefined : parseToken(identifier, 'identifier');
    if (id === false || scope?.length === 0 || (token?.system != null && token.system !== PRODUCT_SYSTEM)) return EMPTY_PAGE;
    let q = db.selectFrom('products');
    if (scope !== null) q = q.where('patient_id', 'in', scope);
    if (id !== undefined) q = q.where('id', '=', id);
    if (token?.value) q = q.where('product_code', '=', token.value);
    const total = await q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    const rows = await q.selectAll().orderBy('created_at').orderBy('id').limit(search.count).offset(search.offset).execute();
    return { resources: rows.map(toFhirProduct), total: Number(total.n) };
  },
};
