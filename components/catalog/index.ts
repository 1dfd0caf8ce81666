export { ProductCard, type ProductCardProps } from "@/components/catalog/product-card";
export { ProductList } from "@/components/catalog/product-list";
