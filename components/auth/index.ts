export { SetupForm, type SetupFormState } from "@/components/auth/setup-form";
export { SignInForm, type SignInFormState } from "@/components/auth/sign-in-form";
