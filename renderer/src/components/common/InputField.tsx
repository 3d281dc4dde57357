import type { InputHTMLAttributes, ReactNode } from 'react'
import { FormField } from './FormField'

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'id' | 'children'>

/**
 * A FormField whose control is one plain input, the form's most common field: the page gives the input's own
 * attributes (type, min, placeholder...) and gets the typed text back. Fields with more than an input (the password
 * with its show button, selects) keep using FormField directly.
 */
export function InputField({
  label,
  hint,
  error,
  value,
  onValueChange,
  ...input
}: {
  label: ReactNode
  hint?: ReactNode
  error?: string
  value: string
  onValueChange(value: string): void
} & InputProps) {
  return (
    <FormField label={label} hint={hint} error={error}>
      {(control) => <input {...control} {...input} value={value} onChange={(event) => onValueChange(event.target.value)} />}
    </FormField>
  )
}
