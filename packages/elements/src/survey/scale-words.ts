import type { Scale } from '@feedbackkit/core';
import type { RatingMessageKey } from '../fb-rating-messages.js';
import type { I18nController } from '../shared/i18n.js';

/**
 * The words of `scale` in `locale`: point `i` (negative from the end), or an end's anchor. Stars
 * count in <fb-rating>'s `stars` message; other words are core's English labels translated by
 * its `point.<word>` messages, else core's zh-CN label for Chinese, else English.
 */
export function scaleWord(points: I18nController<RatingMessageKey>, scale: Scale, locale: string): (i: number, end?: 'low' | 'high') => string {
  const zh = locale.toLowerCase().startsWith('zh');
  return (i: number, end?: 'low' | 'high'): string => {
    const at = i < 0 ? scale.values.length + i : i;
    if (scale.kind === 'stars') return points.t('stars', { count: scale.values[at]! });
    const en = end ? scale.anchors.en[end] : scale.labels.en[at]!;
    return points.maybe(`point.${en}`) ?? (zh ? (end ? scale.anchors['zh-CN'][end] : scale.labels['zh-CN'][at]!) : en);
  };
}
