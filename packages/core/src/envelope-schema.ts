import { z } from "zod";

/** Every MaidCentral response: `IsSuccess: false` is a failure even with HTTP 200. */
export const envelopeSchema = z.looseObject({
  IsSuccess: z.boolean({ error: "expected true or false" }),
  Message: z.string({ error: "expected a string" }).nullish(),
  Result: z.unknown(),
});

export type Envelope = z.output<typeof envelopeSchema>;
