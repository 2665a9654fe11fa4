import Image from '@tiptap/extension-image';
import { EditorContent, useEditor, useEditorState, type Editor } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import { useEffect, useId, useImperativeHandle, useLayoutEffect, useRef, useState, type ReactNode, type Ref } from 'react';
import { formatSize } from '../lib/format';
import { normalizeLink } from './link-address';
import { BoldIcon, BulletListIcon, ImageIcon, ItalicIcon, LinkIcon, NumberedListIcon, QuoteIcon } from './icons';

/** What a parent can do to the editor besides setting its value: insert a canned answer, focus it. */
export interface RichTextEditorHandle {
  /** Inserts HTML at the cursor (replacing the selection) and focuses the editor. */
  insertHtml(html: string): void;
  focus(): void;
  /** Focuses the first empty line (a reply's place between greeting and signature), else the start. */
  focusWritingPlace(): void;
}

export interface RichTextEditorProps {
  /** The visible label above the editor; also the text area's accessible name. */
  label: string;
  /** HTML. A value different from the last one the editor reported replaces the content. */
  value: string;
  onChange(html: string): void;
  placeholder?: string;
  /** The problem with the text, with the fix; shown under the editor. */
  error?: string | undefined;
  hint?: ReactNode;
  /** Buttons at the end of the toolbar (for example "Canned answer"). */
  toolbarExtra?: ReactNode;
  /** Pasted or dropped files that are not images (attachments); without it they are refused with a message. */
  onFiles?(files: File[]): void;
  /** Largest image placed in the text; larger ones are refused with the limit named. */
  maxImageBytes?: number;
  /** Keys the editor does not handle itself (for example Ctrl+Enter to send); return true when handled. */
  onKeyDown?(event: KeyboardEvent): boolean;
  testId?: string;
  ref?: Ref<RichTextEditorHandle>;
}

const DEFAULT_MAX_IMAGE_BYTES = 5 * 1024 * 1024;
const EMPTY_DOCUMENT = '<p></p>';

/** TipTap reports an empty document as <p></p>; the parent keeps '' for "no text". */
function htmlOf(editor: Editor): string {
  return editor.isEmpty ? '' : editor.getHTML();
}

function readAsDataUrl(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error('The file could not be read.'));
    reader.readAsDataURL(file);
  });
}

/**
 * The rich-text editor for replies, canned answers and auto-replies (TipTap): bold, italic,
 * lists, links, quotes, and images pasted or dropped into the text kept as data: URLs (the
 * outbox sends them as inline parts). Controlled by HTML `value`/`onChange`.
 */
export function RichTextEditor({
  label,
  value,
  onChange,
  placeholder,
  error,
  hint,
  toolbarExtra,
  onFiles,
  maxImageBytes = DEFAULT_MAX_IMAGE_BYTES,
  onKeyDown,
  testId,
  ref,
}: RichTextEditorProps) {
  const id = useId();
  const labelId = `${id}-label`;
  const messageId = `${id}-message`;
  const [fileProblem, setFileProblem] = useState<string | null>(null);
  const [linkOpen, setLinkOpen] = useState(false);
  const imagePicker = useRef<HTMLInputElement>(null);
  // The latest props for the editor's callbacks, which TipTap captures once at creation.
  const latest = useRef({ onChange, onFiles, onKeyDown, maxImageBytes });
  useLayoutEffect(() => {
    latest.current = { onChange, onFiles, onKeyDown, maxImageBytes };
  });
  // The HTML the editor last reported, to tell an outside change of `value` from our own echo.
  const reported = useRef(value);

  const placeFiles = (editor: Editor, files: File[], at?: number) => {
    const images = files.filter((f) => f.type.startsWith('image/'));
    const others = files.filter((f) => !f.type.startsWith('image/'));
    const { maxImageBytes: limit, onFiles: takeFiles } = latest.current;
    const problems: string[] = [];
    const fitting = images.filter((f) => {
      if (f.size <= limit) return true;
      problems.push(`“${f.name}” is ${formatSize(f.size)}; images in the text can be at most ${formatSize(limit)}. Attach it as a file instead.`);
      return false;
    });
    if (others.length > 0) {
      if (takeFiles) takeFiles(others);
      else problems.push(`Only images can go into the text: ${others.map((f) => `“${f.name}”`).join(', ')} ${others.length === 1 ? 'was' : 'were'} not added.`);
    }
    setFileProblem(problems.length > 0 ? problems.join(' ') : null);
    void Promise.all(fitting.map(readAsDataUrl)).then(
      (sources) => {
        if (sources.length === 0 || editor.isDestroyed) return;
        const content = sources.map((src) => ({ type: 'image', attrs: { src } }));
        const chain = editor.chain().focus();
        (at === undefined ? chain.insertContent(content) : chain.insertContentAt(at, content)).run();
      },
      (e: unknown) => setFileProblem(`The image could not be read (${e instanceof Error ? e.message : String(e)}). Save it as a file and try again.`),
    );
  };

  const editor = useEditor({
    extensions: [
      StarterKit.configure({
        heading: false,
        code: false,
        codeBlock: false,
        horizontalRule: false,
        // Clicking a link while writing puts the cursor there instead of leaving the app.
        link: { openOnClick: false, autolink: true, defaultProtocol: 'https' },
      }),
      Image.configure({ inline: false, allowBase64: true }),
    ],
    content: value || EMPTY_DOCUMENT,
    shouldRerenderOnTransaction: false,
    editorProps: {
      attributes: {
        class: 'rich-editor__content',
        role: 'textbox',
        'aria-multiline': 'true',
        'aria-labelledby': labelId,
        ...(placeholder ? { 'aria-placeholder': placeholder, 'data-placeholder': placeholder } : {}),
        ...(testId ? { 'data-testid': `${testId}-input` } : {}),
      },
      handlePaste: (_view, event) => {
        const files = Array.from(event.clipboardData?.files ?? []);
        if (files.length === 0 || !editorRef.current) return false;
        placeFiles(editorRef.current, files);
        return true;
      },
      handleDrop: (view, event, _slice, moved) => {
        const files = Array.from(event.dataTransfer?.files ?? []);
        if (moved || files.length === 0 || !editorRef.current) return false;
        event.preventDefault();
        const at = view.posAtCoords({ left: event.clientX, top: event.clientY })?.pos;
        placeFiles(editorRef.current, files, at);
        return true;
      },
      handleKeyDown: (view, event) => {
        if (event.key === 'k' && (event.ctrlKey || event.metaKey) && !event.shiftKey) {
          setLinkOpen(true);
          return true;
        }
        if (latest.current.onKeyDown?.(event)) return true;
        // ProseMirror swallows Escape, so a dialog around the editor would never hear it: ask it to close as the browser would.
        const dialog = event.key === 'Escape' ? view.dom.closest('dialog') : null;
        if (dialog?.open) {
          if (dialog.dispatchEvent(new Event('cancel', { cancelable: true }))) dialog.close();
          return true;
        }
        return false;
      },
    },
    onUpdate: ({ editor: e }) => {
      const html = htmlOf(e);
      reported.current = html;
      latest.current.onChange(html);
    },
  });
  const editorRef = useRef<Editor | null>(null);
  useLayoutEffect(() => {
    editorRef.current = editor;
  }, [editor]);

  // A value set from outside (a reopened draft, undo) replaces the content without an echo.
  useEffect(() => {
    if (value === reported.current) return;
    reported.current = value;
    editor.commands.setContent(value || EMPTY_DOCUMENT, { emitUpdate: false });
  }, [editor, value]);

  useImperativeHandle(
    ref,
    () => ({
      insertHtml: (html) => {
        editor.chain().focus().insertContent(html).run();
      },
      focus: () => {
        editor.commands.focus();
      },
      focusWritingPlace: () => {
        let place: number | null = null;
        editor.state.doc.forEach((node, offset) => {
          if (place === null && node.type.name === 'paragraph' && node.content.size === 0) place = offset + 1;
        });
        editor.commands.focus(place ?? 'start');
      },
    }),
    [editor],
  );

  const active = useEditorState({
    editor,
    selector: ({ editor: e }) => ({
      bold: e.isActive('bold'),
      italic: e.isActive('italic'),
      bulletList: e.isActive('bulletList'),
      orderedList: e.isActive('orderedList'),
      blockquote: e.isActive('blockquote'),
      link: e.isActive('link'),
      href: (e.getAttributes('link').href as string | undefined) ?? '',
      empty: e.isEmpty,
    }),
  });

  const shown = error ?? fileProblem;
  return (
    <div className={`field rich-editor${shown ? ' field--invalid' : ''}`} data-testid={testId}>
      <span className="field__label" id={labelId}>
        {label}
      </span>
      <div className={`rich-editor__frame${active.empty ? ' rich-editor__frame--empty' : ''}`}>
        <div className="rich-editor__toolbar" role="toolbar" aria-label={`${label}: formatting`}>
          <ToolButton label="Bold (Ctrl+B)" pressed={active.bold} onClick={() => editor.chain().focus().toggleBold().run()}>
            <BoldIcon />
          </ToolButton>
          <ToolButton label="Italic (Ctrl+I)" pressed={active.italic} onClick={() => editor.chain().focus().toggleItalic().run()}>
            <ItalicIcon />
          </ToolButton>
          <span className="rich-editor__separator" aria-hidden="true" />
          <ToolButton label="Bulleted list" pressed={active.bulletList} onClick={() => editor.chain().focus().toggleBulletList().run()}>
            <BulletListIcon />
          </ToolButton>
          <ToolButton label="Numbered list" pressed={active.orderedList} onClick={() => editor.chain().focus().toggleOrderedList().run()}>
            <NumberedListIcon />
          </ToolButton>
          <ToolButton label="Quote" pressed={active.blockquote} onClick={() => editor.chain().focus().toggleBlockquote().run()}>
            <QuoteIcon />
          </ToolButton>
          <span className="rich-editor__separator" aria-hidden="true" />
          <ToolButton label="Link (Ctrl+K)" pressed={active.link} onClick={() => setLinkOpen((open) => !open)}>
            <LinkIcon />
          </ToolButton>
          <ToolButton label="Insert image" onClick={() => imagePicker.current?.click()}>
            <ImageIcon />
          </ToolButton>
          <input
            ref={imagePicker}
            type="file"
            accept="image/*"
            multiple
            hidden
            aria-label="Choose images to insert"
            onChange={(e) => {
              const files = Array.from(e.target.files ?? []);
              e.target.value = '';
              if (files.length > 0) placeFiles(editor, files);
            }}
          />
          {toolbarExtra && <span className="rich-editor__extra">{toolbarExtra}</span>}
        </div>
        {linkOpen && (
          <LinkForm
            initial={active.href}
            onApply={(href) => {
              const chain = editor.chain().focus().extendMarkRange('link');
              if (editor.state.selection.empty && !active.link) chain.insertContent({ type: 'text', text: href, marks: [{ type: 'link', attrs: { href } }] }).run();
              else chain.setLink({ href }).run();
              setLinkOpen(false);
            }}
            onRemove={active.link ? () => (editor.chain().focus().extendMarkRange('link').unsetLink().run(), setLinkOpen(false)) : undefined}
            onCancel={() => {
              setLinkOpen(false);
              editor.commands.focus();
            }}
          />
        )}
        <EditorContent editor={editor} className="rich-editor__body" aria-describedby={shown || hint ? messageId : undefined} />
      </div>
      {shown ? (
        <p className="field__error" id={messageId} role="alert">
          {shown}
        </p>
      ) : hint ? (
        <p className="field__hint" id={messageId}>
          {hint}
        </p>
      ) : null}
    </div>
  );
}

function ToolButton({ label, pressed, onClick, children }: { label: string; pressed?: boolean; onClick(): void; children: ReactNode }) {
  return (
    <button
      type="button"
      className={`rich-editor__tool${pressed ? ' rich-editor__tool--on' : ''}`}
      aria-label={label}
      title={label}
      aria-pressed={pressed}
      // Keep the selection in the text: a click on the toolbar must not blur the editor first.
      onMouseDown={(e) => e.preventDefault()}
      onClick={onClick}
    >
      {children}
    </button>
  );
}

function LinkForm({ initial, onApply, onRemove, onCancel }: { initial: string; onApply(href: string): void; onRemove: (() => void) | undefined; onCancel(): void }) {
  const [text, setText] = useState(initial);
  const [problem, setProblem] = useState<string | null>(null);
  const id = useId();
  const apply = () => {
    const result = normalizeLink(text);
    if ('problem' in result) setProblem(result.problem);
    else onApply(result.href);
  };
  return (
    <div className="rich-editor__link" role="group" aria-label="Link">
      <label className="rich-editor__link-label" htmlFor={id}>
        Link address
      </label>
      <input
        id={id}
        className="input rich-editor__link-input"
        autoFocus
        value={text}
        placeholder="https://example.com/help"
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? `${id}-problem` : undefined}
        onChange={(e) => {
          setText(e.target.value);
          setProblem(null);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            apply();
          } else if (e.key === 'Escape') {
            e.preventDefault();
            e.stopPropagation();
            onCancel();
          }
        }}
      />
      <button type="button" className="button button--small button--primary" onClick={apply}>
        Apply
      </button>
      {onRemove && (
        <button type="button" className="button button--small button--ghost" onClick={onRemove}>
          Remove link
        </button>
      )}
      <button type="button" className="button button--small button--ghost" onClick={onCancel}>
        Cancel
      </button>
      {problem && (
        <p className="field__error rich-editor__link-problem" id={`${id}-problem`} role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}
