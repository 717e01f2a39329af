// Sheet bodies tests submit through the app's use cases, as a card form sends them.

/** A 附件2 with one row naming `unit` as the partner, small figures, fit for any county. */
export const a2Body = (unit: string) => ({
  reporter: '测试 170',
  rows: [
    {
      省直定点帮扶单位: unit,
      主要负责同志: 0,
      处级: 0,
      科级以下: 0,
      选派挂职干部: 0,
      计划投入帮扶资金: '10',
      实际投入帮扶资金: '1',
      实施帮扶项目: 0,
      计划帮助引进资金: '0',
      实际帮助引进资金: '0',
      实际帮助引进项目: 0,
      计划开展各类培训: 0,
      实际开展各类培训: 0,
      专业技术人员: 0,
      农村致富带头人: 0,
      农业实用技术: 0,
      劳务就业培训: 0,
      其他: 0,
      计划购买农副产品: '0',
      实际购买农副产品: '0',
      计划帮助销售农副产品: '0',
      实际帮助销售农副产品: '0',
    },
  ],
});
