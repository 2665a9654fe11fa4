import { Fragment } from 'react';
import { keyCaps } from './keys';

/** A key sequence as keycaps: Shift + T, or G then I. */
export function KeyCaps({ keys }: { keys: readonly string[] }) {
  return (
    <span className="keycaps">
      {keys.map((key, i) => (
        <Fragment key={`${i}-${key}`}>
          {i > 0 && <span className="keycaps__then">then</span>}
          {keyCaps(key).map((cap, j) => (
            <Fragment key={cap}>
              {j > 0 && <span className="keycaps__plus">+</span>}
              <kbd>{cap}</kbd>
            </Fragment>
          ))}
        </Fragment>
      ))}
    </span>
  );
}
