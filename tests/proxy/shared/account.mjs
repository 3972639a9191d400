// The 4WS account every process of the shared-budget tests uses (baseUrl is the test's).
export const ACCOUNT = {
  applicationId: "KEEPIT",
  username: "shop-user",
  password: "Sh4red-Budget-Pw",
  companyId: "ACME",
  siteId: "1",
};
