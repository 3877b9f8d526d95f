/**
 * What every labelled config control shares: an id, its validation messages, classroom hiding,
 * the aria wiring to its hint / details / error, and the label-control-hint-error layout.
 */
import { useId, type ReactNode } from 'react';
import { useFieldHidden } from '../share/Hideable';
import { FieldError } from './FieldError';
import { CONFIG_PATH_ATTRIBUTE } from './focusControl';
import { useFieldErrors } from './useFieldErrors';

export interface FieldChrome {
  id: string;
  errors: string[];
  hidden: boolean;
  /** Spread onto the control element. */
  controlProps: {
    id: string;
    'aria-invalid': boolean;
    'aria-describedby': string | undefined;
    [CONFIG_PATH_ATTRIBUTE]: string;
  };
}

export function useFieldChrome(path: string, hint?: ReactNode, details?: ReactNode): FieldChrome {
  const id = useId();
  const errors = useFieldErrors(path);
  const hidden = useFieldHidden(path);
  const describedBy = [
    hint ? `${id}-hint` : '',
    details ? `${id}-details` : '',
    errors.length ? `${id}-error` : '',
  ]
    .filter(Boolean)
    .join(' ');
  return {
    id,
    errors,
    hidden,
    controlProps: {
      id,
      'aria-invalid': errors.length > 0,
      'aria-describedby': describedBy || undefined,
      [CONFIG_PATH_ATTRIBUTE]: path,
    },
  };
}

interface FieldFrameProps {
  chrome: FieldChrome;
  label: string;
  hint?: ReactNode;
  details?: ReactNode;
  className?: string;
  children: ReactNode;
}

export function FieldFrame({ chrome, label, hint, details, className, children }: FieldFrameProps) {
  const { id, errors } = chrome;
  return (
    <div className={className ? `field ${className}` : 'field'}>
      <label htmlFor={id}>{label}</label>
      {children}
      {hint && (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {details && (
        <div className="choice-details" id={`${id}-details`}>
          {details}
        </div>
      )}
      <FieldError id={`${id}-error`} messages={errors} />
    </div>
  );
}
