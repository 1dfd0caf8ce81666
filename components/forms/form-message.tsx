/** The answer to a form: an error (announced at once) or a confirmation. */
export function FormMessage({ error, notice, testId }: { error?: string; notice?: string; testId?: string }) {
  if (error) {
    return (
      <p role="alert" data-testid={testId} className="text-sm text-red-700">
        {error}
      </p>
    );
  }
  if (notice) {
    return (
      <p role="status" data-testid={testId} className="text-sm text-emerald-700">
        {notice}
      </p>
    );
  }
  return null;
}
