import type { ComponentProps, ReactNode } from 'react';
import { CheckboxField, TextAreaField, TextField } from '../../../ui/Field';
import type { BooleanFieldName, TextFieldName } from '../draft';
import type { AccountFormApi } from '../useAccountForm';

type TextExtra = Partial<Omit<ComponentProps<typeof TextField>, 'name' | 'label' | 'value' | 'onValue'>>;
type AreaExtra = Partial<Omit<ComponentProps<typeof TextAreaField>, 'name' | 'label' | 'value' | 'onValue'>>;

/** Controls wired to the form: value, live error, change and blur, disabled while busy. */
export function bind(form: AccountFormApi) {
  const disabled = form.busy === 'save';
  return {
    text(name: TextFieldName, label: string, extra: TextExtra = {}) {
      return (
        <TextField
          name={name}
          label={label}
          value={form.fields[name]}
          error={form.errors[name]}
          onValue={(v) => form.setField(name, v)}
          onBlur={() => form.blur(name)}
          readOnly={disabled}
          spellCheck={false}
          autoCapitalize="off"
          autoCorrect="off"
          autoComplete="off"
          {...extra}
        />
      );
    },
    area(name: TextFieldName, label: string, extra: AreaExtra = {}) {
      return (
        <TextAreaField
          name={name}
          label={label}
          value={form.fields[name]}
          error={form.errors[name]}
          onValue={(v) => form.setField(name, v)}
          onBlur={() => form.blur(name)}
          readOnly={disabled}
          {...extra}
        />
      );
    },
    check(name: BooleanFieldName, label: ReactNode, hint?: ReactNode) {
      return (
        <CheckboxField
          name={name}
          label={label}
          hint={hint}
          checked={form.fields[name]}
          error={form.errors[name]}
          disabled={disabled}
          onValue={(v) => {
            form.setField(name, v);
            form.blur(name);
          }}
        />
      );
    },
  };
}
