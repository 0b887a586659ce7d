// What ADMIN of a city sees of the webhook outbox (src/outbox.ts): each delivery's status,
// attempts and last error, with its notification's kind and title (never the body or a secret).
import { citiesOf } from '../../auth/scope';
import type { Context } from '../../context';
import { NotificationDelivery } from '../../entities';
import { PostRole, UnitLevel, type DeliveryStatus } from '../../schema/enums';
import { paginate, type PageArgs } from '../../schema/pagination';

const NEWEST = [{ column: 'd.id', value: (d: NotificationDelivery) => d.id, descending: true }];

/** The cities whose ADMIN (a post at the city itself) the viewer is. */
export const adminCities = (ctx: Context): number[] =>
  citiesOf((ctx.viewer?.posts ?? []).filter((p) => p.role === PostRole.ADMIN && p.unitLevel === UnitLevel.CITY));

export const deliveryService = {
  list(ctx: Context, status: DeliveryStatus | undefined, page: PageArgs) {
    const cities = adminCities(ctx);
    const qb = ctx.db.getRepository(NotificationDelivery).createQueryBuilder('d')
      .where(cities.length ? 'd.cityId IN (:...dCities)' : '1 = 0', { dCities: cities });
    if (status) qb.andWhere('d.status = :dStatus', { dStatus: status });
    return paginate(qb, page, NEWEST);
  },
};
