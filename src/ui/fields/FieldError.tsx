import { messageBody } from '../../core/config/messages';

interface FieldErrorProps {
  id: string;
  messages: string[];
  /** Drop the leading "config.path (label):" (the control's label already says which field). */
  stripPath?: boolean;
}

/** The validation messages shown right under a control, announced when they appear. */
export function FieldError({ id, messages, stripPath = true }: FieldErrorProps) {
  if (messages.length === 0) return null;
  return (
    <ul className="field-error" id={id} role="alert">
      {messages.map((message) => (
        <li key={message}>{stripPath ? messageBody(message) : message}</li>
      ))}
    </ul>
  );
}
