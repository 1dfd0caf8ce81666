export {
  CatalogFileSchema,
  CatalogProductSchema,
  type CatalogFile,
  type CatalogProduct,
} from "@/services/catalog/catalog-file.schema";
export { findProduct } from "@/services/catalog/find-product";
export { listProducts } from "@/services/catalog/list-products";
export { readCatalogFile, seedCatalog } from "@/services/catalog/seed-catalog";
