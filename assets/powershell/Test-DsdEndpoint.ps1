#Requires -Version 5.1
# Reaches Entra ID's provisioning endpoint the way the sync engine does: through the machine's
# proxy (.NET default proxy from machine.config), TLS 1.2. Any HTTP answer means the server was
# reached; 403 = the proxy blocks the URL; 407 = the proxy wants authentication.
# Input:  {}
# Output: { ok: true, data: { Url, Proxy (null = direct), StatusCode (null = no HTTP answer), Failure (null | 'tls' | 'unreachable'), Message } }
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
# No cmdlet before DsdCommon has pinned the module path: a path join, not Join-Path.
. ([System.IO.Path]::Combine($PSScriptRoot, 'DsdCommon.ps1'))

$null = Read-DsdInput
$url = 'https://adminwebservice.microsoftonline.com/ProvisioningService.svc'
$uri = New-Object System.Uri -ArgumentList $url
$proxy = $null
$defaultProxy = [System.Net.WebRequest]::DefaultWebProxy
if (($null -ne $defaultProxy) -and -not $defaultProxy.IsBypassed($uri)) {
    $via = $defaultProxy.GetProxy($uri)
    if ($via.AbsoluteUri -ne $uri.AbsoluteUri) {
        $proxy = $via.AbsoluteUri
    }
}
[System.Net.ServicePointManager]::SecurityProtocol = [System.Net.SecurityProtocolType]::Tls12

$answer = [ordered]@{ Url = $url; Proxy = $proxy; StatusCode = $null; Failure = $null; Message = '' }
$request = [System.Net.HttpWebRequest]::Create($uri)
$request.Method = 'GET'
$request.Timeout = 30000
$request.AllowAutoRedirect = $false
$response = $null
try {
    $response = $request.GetResponse()
    $answer.StatusCode = [int]$response.StatusCode
    $answer.Message = [string]$response.StatusDescription
} catch {
    # PowerShell wraps the WebException of a .NET method call in a MethodInvocationException.
    $exception = $_.Exception
    while (($null -ne $exception) -and ($exception -isnot [System.Net.WebException])) {
        $exception = $exception.InnerException
    }
    if ($null -eq $exception) {
        throw
    }
    if ($null -ne $exception.Response) {
        $response = $exception.Response
        $answer.StatusCode = [int]$response.StatusCode
        $answer.Message = [string]$response.StatusDescription
    } elseif ($exception.Status -eq [System.Net.WebExceptionStatus]::TrustFailure -or $exception.Status -eq [System.Net.WebExceptionStatus]::SecureChannelFailure) {
        $answer.Failure = 'tls'
        $answer.Message = $exception.Message
    } else {
        $answer.Failure = 'unreachable'
        $answer.Message = ([string]$exception.Status + ': ' + $exception.Message)
    }
} finally {
    if ($null -ne $response) {
        $response.Close()
    }
}
Write-DsdResult -Data $answer
