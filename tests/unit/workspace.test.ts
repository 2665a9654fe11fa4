import { describe, expect, it } from 'vitest';
import { currentWorkspace, followAddress, useWorkspaceStore, workspaceFromHash } from '../../src-renderer/stores/workspace';

describe('the main window area', () => {
  it('opens the area an address names, and nothing else', () => {
    expect(workspaceFromHash('#/mail')).toBe('mail');
    expect(workspaceFromHash('#/supervisor')).toBe('supervisor');
    expect(workspaceFromHash('#/settings')).toBeNull();
    expect(workspaceFromHash('#/mailbox')).toBeNull();
    expect(workspaceFromHash('')).toBeNull();
  });

  it('shows Tickets once an account exists unless the agent chose, and Mail (with Add account) before', () => {
    expect(currentWorkspace(null, true)).toBe('tickets');
    expect(currentWorkspace('mail', true)).toBe('mail');
    expect(currentWorkspace('tickets', false)).toBe('mail');
  });

  it('follows a later address that names an area (the page opened on #/settings, then #/mail)', () => {
    const target = Object.assign(new EventTarget(), { location: { hash: '#/settings' } as Location });
    followAddress(target);
    expect(useWorkspaceStore.getState().chosen).toBeNull();
    target.location.hash = '#/mail';
    target.dispatchEvent(new Event('hashchange'));
    expect(useWorkspaceStore.getState().chosen).toBe('mail');
    target.location.hash = '#/settings';
    target.dispatchEvent(new Event('hashchange'));
    expect(useWorkspaceStore.getState().chosen).toBe('mail');
  });
});
