import type { ScaleShape } from '@feedbackkit/core';
import { ratingWords } from '../fb-rating-messages.js';
import type { RatingMessageKey } from '../fb-rating-messages.js';
import type { I18nController } from '../shared/i18n.js';

/**
 * The words of `scale` in the element's locale: `word(i)` for point `i` (negative from the
 * end; '' where the point shows its number: NPS and Likert), `word(i, true)` for an end's
 * anchor. Stars count in <fb-rating>'s `stars` message; the other words are <fb-rating>'s
 * English point words (core's labels) translated by its `point.<word>` messages (zh-CN and ar
 * in its locale pack, overridable like any message), else English.
 */
export function scaleWords(points: I18nController<RatingMessageKey>, scale: ScaleShape): (i: number, end?: boolean) => string {
  const words = ratingWords(scale.kind, scale.values.length);
  const numeric = scale.kind === 'nps' || scale.kind === 'likert';
  return (i, end) => {
    const at = i < 0 ? words.length + i : i;
    if (scale.kind === 'stars') return points.t('stars', { count: scale.values[at]! });
    const en = numeric && !end ? '' : words[at]!;
    return en && (points.maybe(`point.${en}`) ?? en);
  };
}
