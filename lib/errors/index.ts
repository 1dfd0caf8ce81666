export { AppError, isAppError, type AppErrorOptions, type ErrorCode } from "@/lib/errors/app-error";
export { ERROR_STATUS } from "@/lib/errors/error-status";
export {
  errorResponse,
  toAppError,
  toErrorBody,
  type ErrorAudience,
  type ErrorBody,
} from "@/lib/errors/error-response";
export { parseInput, validationErrorFromZod } from "@/lib/errors/validation-error";
