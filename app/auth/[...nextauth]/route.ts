import { handlers } from "@/auth";
import { limitCredentialsCallback } from "@/lib/rate-limit/sign-in";

export const { GET } = handlers;
export const POST = limitCredentialsCallback(handlers.POST);
