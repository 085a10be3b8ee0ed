import { describe, expect, it } from "vitest";
import { normalizeFeatureToggles } from "./feature-toggles";

const HIDDEN = {
  displayBillRate: false,
  displayFeeSplitRate: false,
  displayAddOnRate: false,
  displayRoomRate: false,
  displayCustomerPhoneNumbers: false,
  displayCustomerEmails: false,
  hideDiscounts: true,
};

describe("normalizeFeatureToggles", () => {
  it("fails closed: missing toggles hide", () => {
    expect(normalizeFeatureToggles(null)).toEqual(HIDDEN);
    expect(normalizeFeatureToggles(undefined)).toEqual(HIDDEN);
    expect(normalizeFeatureToggles({})).toEqual(HIDDEN);
  });

  it("reads each MaidCentral toggle", () => {
    expect(
      normalizeFeatureToggles({
        TechDashboard_DisplayBillRate: true,
        TechDashboard_DisplayFeeSplitRate: true,
        TechDashboard_DisplayAddOnRate: true,
        TechDashboard_DisplayRoomRate: true,
        TechDashboard_DisplayCustomerPhoneNumbers: true,
        TechDashboard_DisplayCustomerEmails: true,
        TechDashboard_HideDiscounts: false,
      }),
    ).toEqual({
      displayBillRate: true,
      displayFeeSplitRate: true,
      displayAddOnRate: true,
      displayRoomRate: true,
      displayCustomerPhoneNumbers: true,
      displayCustomerEmails: true,
      hideDiscounts: false,
    });
    expect(
      normalizeFeatureToggles({
        TechDashboard_HideDiscounts: true,
        TechDashboard_DisplayRoomRate: false,
      }),
    ).toEqual(HIDDEN);
  });
});
