import { Loader, type LoaderProps } from '@mantine/core';

type BusyProps = Omit<LoaderProps, 'role' | 'aria-label' | 'aria-hidden'> & {
  /** What is being waited for, announced to screen readers. Leave out only beside visible text saying it. */
  label?: string;
};

/**
 * The one spinner of the UI. Mantine's Loader is a plain span, where an aria-label is prohibited (axe:
 * aria-prohibited-attr — it failed CI whenever a labelled spinner happened to be on screen during a check);
 * as a `status` region its label is allowed and announced. Without a label the spinner is decoration next
 * to text that says the same, hidden from assistive technology. An ESLint rule keeps Loader out of
 * everything but this file.
 */
export function Busy({ label, ...props }: BusyProps) {
  return label ? <Loader role="status" aria-label={label} {...props} /> : <Loader aria-hidden {...props} />;
}
