export { FormMessage } from "@/components/forms/form-message";
export { SubmitButton } from "@/components/forms/submit-button";
export { TextField, type TextFieldProps } from "@/components/forms/text-field";

/** What a form's server action answers when it does not move the browser on. */
export interface FormState {
  error?: string;
  /** The field the error is about, when it is about one. */
  field?: string;
  notice?: string;
}
