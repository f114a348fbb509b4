/** The look of form fields across Sift (inputs, selects, their labels and error lines). */
export const fieldClass =
  'mt-1 block w-full rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-900';
export const labelClass = 'block text-xs font-medium text-zinc-600 dark:text-zinc-400';
export const fieldErrorClass = 'mt-1 text-xs text-red-700 dark:text-red-400';
