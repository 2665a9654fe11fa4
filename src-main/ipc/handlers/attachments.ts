import type { Handlers } from '../dispatch';
import type { Services } from '../../services';

export function attachmentHandlers(s: Services): Pick<Handlers, 'attachmentBytes' | 'attachmentText' | 'attachedMessage' | 'openAttachment' | 'saveAttachment'> {
  return {
    attachmentBytes: async (ref) => s.attachmentFiles.bytes(ref),
    attachmentText: async (ref) => s.attachmentFiles.text(ref),
    attachedMessage: (ref) => s.attachmentFiles.attachedMessage(ref),
    openAttachment: (ref) => s.attachmentFiles.open(ref),
    saveAttachment: (ref) => s.attachmentFiles.save(ref),
  };
}
