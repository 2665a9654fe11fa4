import type { ReactNode, Ref } from 'react';
import type { SectionId } from '../draft';

/** One titled part of the account form; the section nav scrolls to it by id. */
export function FormSection({
  id,
  formId,
  title,
  subtitle,
  description,
  aside,
  children,
  ref,
}: {
  id: SectionId;
  formId: string;
  title: string;
  subtitle?: string;
  description?: ReactNode;
  aside?: ReactNode;
  children: ReactNode;
  ref?: Ref<HTMLElement>;
}) {
  const headingId = `${formId}-${id}-title`;
  return (
    <section ref={ref} className="form-section" id={`${formId}-${id}`} data-section={id} aria-labelledby={headingId}>
      <header className="form-section__header">
        <div>
          <h3 className="form-section__title" id={headingId}>
            {title} {subtitle && <span className="form-section__subtitle">{subtitle}</span>}
          </h3>
          {description && <p className="form-section__description">{description}</p>}
        </div>
        {aside}
      </header>
      {children}
    </section>
  );
}
